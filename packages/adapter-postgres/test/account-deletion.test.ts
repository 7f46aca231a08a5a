/**
 * Account deletion through core's flows on the real server: once confirmed, no table of
 * the schema holds a row of the user (checked with SQL, not through the repositories),
 * the audit log keeps the trail only under the pseudonym, and 20 concurrent confirmations
 * of one token delete once.
 */
import { auditLogSink, auditPseudonym } from '@portcullis/core';
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { openServerDatabase } from './databases.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await openServerDatabase({ max: 20 });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

function harness() {
  return createTestAuth({ repos: db.repos, auditSinks: [auditLogSink(db.repos.auditLog)] });
}

/** Rows of every table that name the user by id or address. */
async function rowsOf(userId: string, emailKey: string) {
  const s = `"${db.schema}"`;
  const count = async (sql: string, value: string) =>
    Number((await db.pool.query(sql, [value])).rows[0]?.count);
  return {
    users: await count(`SELECT count(*) FROM ${s}.users WHERE id = $1`, userId),
    sessions: await count(`SELECT count(*) FROM ${s}.sessions WHERE user_id = $1`, userId),
    refreshTokens: await count(
      `SELECT count(*) FROM ${s}.refresh_tokens WHERE user_id = $1`,
      userId,
    ),
    verificationTokens: await count(
      `SELECT count(*) FROM ${s}.verification_tokens WHERE user_id = $1`,
      userId,
    ),
    mfaAndOAuth: await count(
      `SELECT (SELECT count(*) FROM ${s}.mfa_totp_factors WHERE user_id = $1)
            + (SELECT count(*) FROM ${s}.mfa_backup_codes WHERE user_id = $1)
            + (SELECT count(*) FROM ${s}.oauth_accounts WHERE user_id = $1) AS count`,
      userId,
    ),
    pendingSignUps: await count(
      `SELECT count(*) FROM ${s}.pending_sign_ups WHERE email_key = $1`,
      emailKey,
    ),
    // Memberships go with the user row; invitations name the inviter and the acceptor.
    organizations: await count(
      `SELECT (SELECT count(*) FROM ${s}.memberships WHERE user_id = $1)
            + (SELECT count(*) FROM ${s}.organization_invitations
                WHERE invited_by = $1 OR accepted_by = $1) AS count`,
      userId,
    ),
    auditLog: await count(
      `SELECT count(*) FROM ${s}.audit_log WHERE user_id = $1 OR actor_id = $1 OR details::text LIKE '%' || $1 || '%'`,
      userId,
    ),
  };
}

/**
 * The user joins someone else's organization as an admin by invitation, then invites two
 * people: one accepts, the other has not yet. Every one of these rows names the user.
 */
async function joinAndInvite(
  h: ReturnType<typeof harness>,
  user: { userId: string; email: string },
) {
  const founder = await signedInUser(h);
  const created = await h.auth.createOrganization({ userId: founder.userId, name: 'Acme' });
  if (!created.ok) throw new Error(created.reason);
  const organizationId = created.organization.id;
  const invite = async (userId: string, email: string) => {
    const invited = await h.auth.inviteMember({ organizationId, userId, email, role: 'admin' });
    expect(invited.ok).toBe(true);
    return h.lastMail('organization_invitation', email).token;
  };
  const accept = async (userId: string, token: string) =>
    expect(await h.auth.acceptInvitation({ userId, token })).toMatchObject({ ok: true });
  await accept(user.userId, await invite(founder.userId, user.email));
  const invitee = await signedInUser(h);
  await accept(invitee.userId, await invite(user.userId, invitee.email));
  await invite(user.userId, `pending-${crypto.randomUUID()}@example.test`);
}

describe('account deletion on Postgres', { timeout: 60_000 }, () => {
  it('leaves no auth row of the user, and only a pseudonymised trail', async () => {
    const h = harness();
    const user = await signedInUser(h);
    // A stranger's pending sign-up for the same address goes too (it holds the address).
    await h.auth.signUp({ email: user.email, password: 'another long password' });
    await h.auth.requestPasswordReset({ email: user.email });
    await db.repos.mfa.replaceBackupCodes({
      userId: user.userId,
      codeHashes: ['a'.repeat(64)],
      createdAt: new Date(),
    });
    await db.repos.oauthAccounts.link({
      id: `oauth-${crypto.randomUUID()}`,
      userId: user.userId,
      provider: 'example',
      issuer: 'https://idp.example',
      subject: `sub-${crypto.randomUUID()}`,
      email: null,
      emailVerified: false,
      tokens: null,
      createdAt: new Date(),
      lastUsedAt: new Date(),
    });
    await joinAndInvite(h, user);
    const emailKey = user.email.toLowerCase();
    const before = await rowsOf(user.userId, emailKey);
    expect(before, JSON.stringify(before)).toEqual(
      expect.objectContaining({ users: 1, sessions: 1, refreshTokens: 1 }),
    );
    expect(
      Object.values(before).every((n) => n > 0),
      JSON.stringify(before),
    ).toBe(true);

    await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: user.session.id });
    const { token } = h.lastMail('account_deletion');
    expect(await h.auth.confirmAccountDeletion({ token })).toMatchObject({
      ok: true,
      status: 'deleted',
    });

    expect(await rowsOf(user.userId, emailKey)).toEqual({
      users: 0,
      sessions: 0,
      refreshTokens: 0,
      verificationTokens: 0,
      mfaAndOAuth: 0,
      pendingSignUps: 0,
      organizations: 0,
      auditLog: 0,
    });
    const pseudonym = await auditPseudonym(h.deps.config.secret, user.userId);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS count, count(ip)::int AS ips FROM "${db.schema}".audit_log WHERE user_id = $1`,
      [pseudonym],
    );
    expect(rows[0].count).toBeGreaterThan(5);
    expect(rows[0].ips).toBe(0);
  });

  it('20 concurrent confirmations of one token: exactly one deletes', async () => {
    const h = harness();
    const user = await signedInUser(h);
    await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: user.session.id });
    const { token } = h.lastMail('account_deletion');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.auth.confirmAccountDeletion({ token })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'invalid')).toHaveLength(19);
    expect((await rowsOf(user.userId, user.email.toLowerCase())).users).toBe(0);
  });
});
