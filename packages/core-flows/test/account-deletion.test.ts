/**
 * The GDPR lifecycle over the memory adapter: a confirmed deletion leaves no auth row and
 * ends every session at once; partial hook failure then a retry of only the failed hooks;
 * replayed, expired, tampered, superseded and forged confirmation tokens; the MFA
 * re-authentication rule.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { DataSubjectHook, Repositories } from '@portcullis/core';
import { auditLogSink, auditPseudonym, isAuthError, signDeletionToken } from '@portcullis/core';
import { sha256Hex } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, testConfig, verifiedUser } from './harness.ts';

const DAY = 86_400;

/** An app hook that records its calls and fails while `failing` is set. */
function appHook(module: string) {
  const state = { purged: 0, failing: false, data: { newsletter: true } as const };
  const hook: DataSubjectHook = {
    module,
    async exportUserData() {
      if (state.failing) throw new Error('export down');
      return state.data;
    },
    async purgeUserData() {
      state.purged += 1;
      if (state.failing) throw new Error('purge down');
    },
  };
  return { hook, state };
}

function setup(options: { hooks?: DataSubjectHook[]; factors?: boolean } = {}) {
  const repos: Repositories = createMemoryRepositories();
  return testAuth({
    repos,
    auditSinks: [auditLogSink(repos.auditLog)],
    dataSubjectHooks: options.hooks ?? [],
    configOverrides: { passwordless: { linkUrl: 'https://app.test/magic' } },
    ...(options.factors ? { secondFactor: { activeFactors: async () => ['totp'] as const } } : {}),
  });
}

type Harness = ReturnType<typeof setup>;

async function requestDeletion(h: Harness, user: { userId: string; session: { id: string } }) {
  const requested = await h.auth.requestAccountDeletion({
    userId: user.userId,
    sessionId: user.session.id,
  });
  expect(requested.ok).toBe(true);
  return h.lastMail('account_deletion').token;
}

/** Every row any repository holds for the user (memory: through the public interfaces). */
async function authRows(h: Harness, user: { userId: string; email: string; refreshToken: string }) {
  const repos = h.repos;
  return {
    user: await repos.users.findById(user.userId),
    byEmail: await repos.users.findByEmailKey(user.email.toLowerCase()),
    sessions: await repos.sessions.listByUser(user.userId),
    verification: await Promise.all(
      (
        [
          'email_verification',
          'password_reset',
          'mfa_challenge',
          'magic_link',
          'sign_in_code',
          'account_deletion',
        ] as const
      ).map((purpose) => repos.verificationTokens.findLatest(user.userId, purpose)),
    ),
    pending: await repos.pendingSignUps.findLatest(user.email.toLowerCase()),
    auditEvents: (await repos.auditLog.list({ userId: user.userId, limit: 100 })).entries,
  };
}

describe('account deletion', () => {
  it('deletes every auth row, ends every session and refresh family, and pseudonymises the trail', async () => {
    const h = setup();
    const user = await signedInUser(h);
    const second = await h.auth.signIn({ email: user.email, password: user.password });
    if (!second.ok || second.status !== 'signed_in') throw new Error('second sign-in failed');
    // Passwordless secrets are verification tokens of the user: they go with the account.
    await h.auth.requestMagicLink({ email: user.email });
    await h.auth.requestSignInCode({ email: user.email });
    const before = await authRows(h, user);
    expect(before.verification.filter((token) => token !== null)).toHaveLength(2);
    const token = await requestDeletion(h, user);

    const confirmed = await h.auth.confirmAccountDeletion({ token, context: { ip: '192.0.2.9' } });
    expect(confirmed).toEqual({
      ok: true,
      status: 'deleted',
      report: [{ module: 'portcullis', status: 'purged' }],
    });

    expect(await authRows(h, user)).toEqual({
      user: null,
      byEmail: null,
      sessions: [],
      verification: [null, null, null, null, null, null],
      pending: null,
      auditEvents: [],
    });
    for (const sessionToken of [user.sessionToken, second.sessionToken])
      expect(await h.auth.validateSession({ sessionToken })).toMatchObject({ ok: false });
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.signIn({ email: user.email, password: user.password })).toMatchObject({
      ok: false,
      reason: 'invalid_credentials',
    });

    const pseudonym = await auditPseudonym(h.deps.config.secret, user.userId);
    const trail = (await h.auth.listAuditEvents({ userId: pseudonym, limit: 100 })).entries;
    expect(trail.map((entry) => entry.type).slice(0, 5)).toEqual([
      'account.erased',
      'user.soft_deleted',
      'session.revoked_all',
      'account.deletion_confirmed',
      'account.deletion_requested',
    ]);
    expect(trail[2]?.details).toMatchObject({ count: 2 });
    expect(trail.every((entry) => entry.ip === null && entry.userAgent === null)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(user.userId);
    expect(JSON.stringify(trail)).not.toContain(user.email);
  });

  it('a replayed, superseded, expired, tampered or forged confirmation is refused and deletes nothing', async () => {
    const h = setup();
    const user = await signedInUser(h);
    const superseded = await requestDeletion(h, user);
    const token = await requestDeletion(h, user);
    expect(await h.auth.confirmAccountDeletion({ token: superseded })).toEqual({
      ok: false,
      reason: 'invalid',
    });

    const [payload = '', mac = ''] = token.split('.');
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const forgedClaims = {
      kind: 'confirm',
      userId: user.userId,
      exp: 4_102_444_800,
      nonce: 'A'.repeat(43),
    } as const;
    for (const tampered of [
      `${flip(payload, 5)}.${mac}`,
      `${payload}.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`,
      `${payload}.${mac}x`,
      await signDeletionToken(new Uint8Array(32).fill(9), forgedClaims),
      'not a token',
      `${'A'.repeat(5000)}.${mac}`,
      '',
    ]) {
      expect(
        await h.auth.confirmAccountDeletion({ token: tampered }),
        tampered.slice(0, 20),
      ).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    // Validly signed but naming a nonce nobody stored.
    const unknownNonce = await signDeletionToken(h.deps.config.secret, forgedClaims);
    expect(await h.auth.confirmAccountDeletion({ token: unknownNonce })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });

    h.clock.advance(DAY);
    expect(await h.auth.confirmAccountDeletion({ token })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await h.auth.getUser({ userId: user.userId })).not.toBeNull();

    const fresh = await requestDeletion(h, { userId: user.userId, session: user.session });
    expect(await h.auth.confirmAccountDeletion({ token: fresh })).toMatchObject({
      ok: true,
      status: 'deleted',
    });
    expect(await h.auth.confirmAccountDeletion({ token: fresh })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('concurrent confirmations of one token: one deletes, the rest are invalid', async () => {
    const h = setup();
    const user = await signedInUser(h);
    const token = await requestDeletion(h, user);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.auth.confirmAccountDeletion({ token })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('partial failure: the report names the failed hook, and the retry runs only it until it succeeds', async () => {
    const newsletter = appHook('newsletter');
    const orders = appHook('orders');
    const h = setup({ hooks: [newsletter.hook, orders.hook] });
    const user = await signedInUser(h);
    const token = await requestDeletion(h, user);
    newsletter.state.failing = true;

    const first = await h.auth.confirmAccountDeletion({ token });
    if (!first.ok || first.status !== 'incomplete')
      throw new Error('expected an incomplete deletion');
    expect(first.report).toEqual([
      { module: 'newsletter', status: 'failed' },
      { module: 'orders', status: 'purged' },
      { module: 'portcullis', status: 'purged' },
    ]);
    // The account is gone already; only the failed module still holds data.
    expect(await h.auth.getUser({ userId: user.userId })).toBeNull();
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });

    const stillFailing = await h.auth.confirmAccountDeletion({ token: first.retryToken });
    expect(stillFailing).toMatchObject({
      ok: true,
      status: 'incomplete',
      report: [{ module: 'newsletter', status: 'failed' }],
    });

    newsletter.state.failing = false;
    const retried = await h.auth.confirmAccountDeletion({ token: first.retryToken });
    expect(retried).toEqual({
      ok: true,
      status: 'deleted',
      report: [{ module: 'newsletter', status: 'purged' }],
    });
    expect([newsletter.state.purged, orders.state.purged]).toEqual([3, 1]);

    // Idempotent: presenting the retry token again purges the one module again, harmlessly.
    expect(await h.auth.confirmAccountDeletion({ token: first.retryToken })).toMatchObject({
      status: 'deleted',
    });
    // A retry token expires like a confirmation.
    h.clock.advance(DAY);
    expect(await h.auth.confirmAccountDeletion({ token: first.retryToken })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('with a second factor, an aal1 or stale aal2 session must re-authenticate first', async () => {
    const h = setup({ factors: true });
    const user = await verifiedUser(h);
    const refused = { ok: false, reason: 'reauthentication_required' };
    const single = await h.auth.internal.createSession({ userId: user.userId, aal: 'aal1' });
    if (!single) throw new Error('session refused');
    expect(
      await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: single.session.id }),
    ).toEqual(refused);

    const stepped = await h.auth.internal.createSession({ userId: user.userId, aal: 'aal2' });
    if (!stepped) throw new Error('session refused');
    expect(
      await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: stepped.session.id }),
    ).toMatchObject({
      ok: true,
    });
    h.clock.advance(16 * 60);
    expect(
      await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: stepped.session.id }),
    ).toEqual(refused);
    // Someone else's session never counts.
    const other = await verifiedUser(h);
    expect(
      await h.auth.requestAccountDeletion({ userId: other.userId, sessionId: stepped.session.id }),
    ).toEqual(refused);
  });

  it('refuses malformed input before any work', async () => {
    const h = setup();
    for (const call of [
      () => h.auth.confirmAccountDeletion({ token: 42 as unknown as string }),
      () => h.auth.requestAccountDeletion({ userId: 'bad id', sessionId: 'x' }),
      () => h.auth.exportAccount({ userId: '' }),
      () => h.auth.eraseAccount({ userId: 'a b' }),
    ]) {
      const error = await call().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isAuthError(error, 'INPUT_INVALID')).toBe(true);
    }
  });

  it('refuses hooks with bad or duplicate module names at creation', () => {
    const { hook } = appHook('orders');
    for (const hooks of [
      [hook, hook],
      [{ ...hook, module: 'portcullis' }],
      [{ ...hook, module: 'Bad Name' }],
    ]) {
      expect(() => testAuth({ dataSubjectHooks: hooks, config: testConfig } as never)).toThrow(
        /dataSubjectHooks/,
      );
    }
  });
});

describe('account deletion of an organization owner', () => {
  it('is refused until the ownership moves, so no organization is left without an owner', async () => {
    const h = setup();
    const user = await signedInUser(h);
    const created = await h.auth.createOrganization({ userId: user.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const input = { userId: user.userId, sessionId: user.session.id };
    expect(await h.auth.requestAccountDeletion(input)).toEqual({
      ok: false,
      reason: 'owns_organization',
    });
    expect(h.mailbox.filter((mail) => mail.type === 'account_deletion')).toEqual([]);
  });

  it('a request made before the user founded an organization cannot confirm until it moves', async () => {
    const h = setup();
    const user = await signedInUser(h);
    const token = await requestDeletion(h, user);
    const created = await h.auth.createOrganization({ userId: user.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    expect(await h.auth.confirmAccountDeletion({ token })).toEqual({
      ok: false,
      reason: 'owns_organization',
    });
    expect(await h.repos.users.findById(user.userId)).toMatchObject({ deletedAt: null });
    // The refusal spent nothing: once the organization is gone from the user, the same link works.
    const member = await verifiedUser(h);
    await joinOrganization(h, created.organization.id, user.userId, member);
    expect(
      await h.auth.transferOwnership({
        organizationId: created.organization.id,
        userId: user.userId,
        newOwnerId: member.userId,
      }),
    ).toEqual({ ok: true });
    expect(await h.auth.confirmAccountDeletion({ token })).toMatchObject({ status: 'deleted' });
  });

  it('an operator’s eraseAccount is refused too, and erases nothing, until the ownership moves', async () => {
    const h = setup();
    const owner = await signedInUser(h);
    const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const organizationId = created.organization.id;
    const context = { actorId: 'ops_7' };
    expect(await h.auth.eraseAccount({ userId: owner.userId, context })).toEqual({
      ok: false,
      reason: 'owns_organization',
    });
    expect(await h.auth.eraseAccount({ userId: owner.userId, modules: [], context })).toEqual({
      ok: false,
      reason: 'owns_organization',
    });
    expect(await h.repos.users.findById(owner.userId)).toMatchObject({ deletedAt: null });
    expect(await h.repos.sessions.listByUser(owner.userId)).toHaveLength(1);
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: owner.userId,
    });

    const member = await verifiedUser(h);
    await joinOrganization(h, organizationId, owner.userId, member);
    await h.auth.transferOwnership({
      organizationId,
      userId: owner.userId,
      newOwnerId: member.userId,
    });
    const erased = await h.auth.eraseAccount({ userId: owner.userId, context });
    expect(erased).toMatchObject({ ok: true });
    expect(await h.repos.users.findById(owner.userId)).toBeNull();
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: member.userId,
    });
  });
});

/** `member` joins `organizationId` through an invitation sent by `inviterId`. */
async function joinOrganization(
  h: Harness,
  organizationId: string,
  inviterId: string,
  member: { userId: string; email: string },
) {
  const invited = await h.auth.inviteMember({
    organizationId,
    userId: inviterId,
    email: member.email,
    role: 'member',
  });
  expect(invited.ok).toBe(true);
  const { token } = h.lastMail('organization_invitation', member.email);
  expect(await h.auth.acceptInvitation({ userId: member.userId, token })).toMatchObject({
    ok: true,
  });
}

describe('account export', () => {
  it('holds every module’s data and none of the stored secrets, hashes or tokens', async () => {
    const newsletter = appHook('newsletter');
    const h = setup({ hooks: [newsletter.hook] });
    const user = await signedInUser(h);
    const access = await h.auth.internal.issueAccessToken({
      userId: user.userId,
      sessionId: user.session.id,
      aal: 'aal1',
    });
    const deletionToken = await requestDeletion(h, user);
    await h.auth.requestPasswordReset({ email: user.email });
    const resetToken = h.lastMail('password_reset').token;
    // A TOTP factor and backup codes as MFA stores them: sealed secret, code hashes.
    const factor = {
      id: `totp-${crypto.randomUUID()}`,
      userId: user.userId,
      sealedSecret: `sealed-${crypto.randomUUID()}`,
      confirmedAt: null,
      lastUsedStep: null,
      createdAt: h.clock.now(),
    };
    await h.repos.mfa.replacePendingTotp(factor);
    const codeHashes = [`hash-${crypto.randomUUID()}`, `hash-${crypto.randomUUID()}`];
    // An identity at an OAuth provider, with the provider's tokens sealed as OAuth stores them.
    const identity = {
      id: `oauth-${crypto.randomUUID()}`,
      userId: user.userId,
      provider: 'example',
      issuer: 'https://idp.example',
      subject: `sub-${crypto.randomUUID()}`,
      email: user.email,
      emailVerified: true,
      tokens: `sealed-tokens-${crypto.randomUUID()}`,
      createdAt: h.clock.now(),
      lastUsedAt: h.clock.now(),
    };
    expect(await h.repos.oauthAccounts.link(identity)).toBe(true);
    await h.repos.mfa.replaceBackupCodes({
      userId: user.userId,
      codeHashes,
      createdAt: h.clock.now(),
    });

    // A personal API key, an organization and a passkey, as their modules store them.
    const created = await h.auth.createApiKey({ owner: { userId: user.userId }, name: 'ci' });
    const storedKey = await h.repos.apiKeys.findById(created.key.id);
    const organization = await h.auth.createOrganization({ userId: user.userId, name: 'Acme' });
    if (!organization.ok) throw new Error(organization.reason);
    // A pending invitation to the user's address, from someone else's organization.
    const inviter = await signedInUser(h);
    const inviting = await h.auth.createOrganization({ userId: inviter.userId, name: 'Other' });
    if (!inviting.ok) throw new Error(inviting.reason);
    await h.auth.inviteMember({
      organizationId: inviting.organization.id,
      userId: inviter.userId,
      email: user.email,
    });
    const invitationToken = h.lastMail('organization_invitation', user.email).token;
    const [storedInvitation] = await h.repos.organizations.listInvitationsTo(
      user.email.toLowerCase(),
      h.clock.now(),
    );
    const passkey = {
      id: `pk-${crypto.randomUUID()}`,
      userId: user.userId,
      credentialId: `cred-${crypto.randomUUID()}`,
      publicKey: `cose-${crypto.randomUUID()}`,
      counter: 0,
      transports: ['internal'],
      multiDevice: true,
      backedUp: true,
      name: 'Laptop',
      createdAt: h.clock.now(),
      lastUsedAt: null,
    };
    expect(await h.repos.passkeys.createCredential(passkey)).toBe(true);

    const exported = await h.auth.exportAccount({ userId: user.userId });
    expect(exported).toMatchObject({
      userId: user.userId,
      generatedAt: h.clock.now().toISOString(),
      errors: [],
      modules: { newsletter: { newsletter: true }, portcullis: { account: { email: user.email } } },
    });
    const portcullis = exported.modules.portcullis as {
      sessions: unknown[];
      auditEvents: unknown[];
      secondFactors: unknown;
      linkedAccounts: unknown[];
      apiKeys: unknown[];
      organizations: unknown[];
      organizationInvitations: unknown[];
      passkeys: unknown[];
    };
    expect(portcullis.linkedAccounts).toEqual([
      expect.objectContaining({ id: identity.id, subject: identity.subject, provider: 'example' }),
    ]);
    expect(portcullis.secondFactors).toEqual({
      totp: [{ id: factor.id, confirmedAt: null, createdAt: factor.createdAt.toISOString() }],
      backupCodesLeft: 2,
    });
    expect(portcullis.apiKeys).toEqual([
      expect.objectContaining({ id: created.key.id, name: 'ci', prefix: created.key.prefix }),
    ]);
    expect(portcullis.organizations).toEqual([
      expect.objectContaining({ id: organization.organization.id, name: 'Acme', owner: true }),
    ]);
    expect(portcullis.organizationInvitations).toEqual([
      {
        id: storedInvitation?.id,
        organizationId: inviting.organization.id,
        email: user.email,
        role: 'member',
        invitedBy: inviter.userId,
        createdAt: h.clock.now().toISOString(),
        expiresAt: storedInvitation?.expiresAt.toISOString(),
      },
    ]);
    expect(portcullis.passkeys).toEqual([
      expect.objectContaining({ id: passkey.id, name: 'Laptop', backedUp: true }),
    ]);
    expect(portcullis.sessions).toHaveLength(1);
    expect(portcullis.auditEvents.length).toBeGreaterThan(3);

    const stored = await h.repos.users.findById(user.userId);
    const [session] = await h.repos.sessions.listByUser(user.userId);
    const refresh = await h.repos.refreshTokens.findWithSession(await sha256Hex(user.refreshToken));
    const verification = await Promise.all(
      (['password_reset', 'account_deletion'] as const).map((purpose) =>
        h.repos.verificationTokens.findLatest(user.userId, purpose),
      ),
    );
    const secrets = [
      stored?.passwordHash,
      session?.secretHash,
      refresh?.token.tokenHash,
      ...verification.map((token) => token?.secretHash),
      user.sessionToken,
      user.sessionToken.split('.')[1],
      user.refreshToken,
      access.token,
      deletionToken,
      resetToken,
      user.password,
      factor.sealedSecret,
      ...codeHashes,
      identity.tokens,
      created.apiKey,
      created.apiKey.split('.')[1],
      storedKey?.secretHash,
      passkey.publicKey,
      invitationToken,
      storedInvitation?.secretHash,
    ];
    const text = JSON.stringify(exported);
    for (const secret of secrets) {
      expect(secret, 'a secret the test meant to look for is missing').toEqual(expect.any(String));
      expect(text).not.toContain(secret);
    }
  });

  it('lists a failing module in errors and still exports the rest', async () => {
    const newsletter = appHook('newsletter');
    newsletter.state.failing = true;
    const h = setup({ hooks: [newsletter.hook] });
    const user = await signedInUser(h);
    const exported = await h.auth.exportAccount({ userId: user.userId });
    expect(exported.errors).toEqual([{ module: 'newsletter', error: 'export_failed' }]);
    expect(Object.keys(exported.modules)).toEqual(['portcullis']);
    expect(h.events.at(-1)).toMatchObject({ type: 'account.exported', failed: ['newsletter'] });
  });
});
