/** `portcullis-prune` against the real Postgres server, as a deploy's scheduled job runs it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  anAuditEntry,
  aPendingSignUp,
  aRefreshToken,
  aVerificationToken,
  givenSession,
  givenUser,
} from '@portcullis/adapter-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { databaseUrl, openServerDatabase } from './databases.ts';

const run = promisify(execFile);
let database: TestDatabase;

beforeAll(async () => {
  database = await openServerDatabase({ max: 2 });
});
afterAll(() => database?.close());

const cli = (args: string[], env: Record<string, string | undefined>) =>
  run(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/prune-cli.ts', ...args],
    { cwd: new URL('..', import.meta.url).pathname, env: { ...process.env, ...env } },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

const DAY = 24 * 3600 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const ahead = (days: number) => new Date(Date.now() + days * DAY);

// Each case spawns Node with tsx, which takes seconds on a loaded machine.
describe('portcullis-prune', { timeout: 60_000 }, () => {
  it('deletes expired rows in the schema and keeps everything still usable', async () => {
    const { repos, schema } = database;
    const user = await givenUser(repos);
    const expired = await givenSession(repos, user.id, { lastUsedAt: ago(2), expiresAt: ago(1) });
    const idle = await givenSession(repos, user.id, { lastUsedAt: ago(3), expiresAt: ahead(20) });
    const live = await givenSession(repos, user.id, { lastUsedAt: ago(1), expiresAt: ahead(20) });
    const owner = { sessionId: live.id, userId: user.id };
    const deadFamily = aRefreshToken(owner, { expiresAt: ago(40), familyExpiresAt: ago(1) });
    // Rotated, its own lifetime over, but the family lives: a replay must still be caught.
    const rotated = aRefreshToken(owner, {
      expiresAt: ago(1),
      familyExpiresAt: ahead(20),
      rotatedAt: ago(2),
    });
    for (const token of [deadFamily, rotated]) await repos.refreshTokens.create(token);
    const code = aVerificationToken(user.id, { createdAt: ago(2), expiresAt: ago(1) });
    await repos.verificationTokens.replace(code);
    const lapsed = aPendingSignUp({ createdAt: ago(2), expiresAt: ago(1) });
    const pending = aPendingSignUp({ createdAt: ago(0), expiresAt: ahead(1) });
    for (const signUp of [lapsed, pending]) await repos.pendingSignUps.create(signUp);
    const auditUser = crypto.randomUUID();
    for (const [tag, at] of [
      ['stale', ago(11)],
      ['kept', ago(9)],
    ] as const) {
      await repos.auditLog.append(anAuditEntry({ userId: auditUser, at, details: { tag } }));
    }

    // The app's idle lifetime is two days here: `idle` (three days unused) has ended; its
    // audit retention is ten days.
    const result = await cli(
      [
        '--schema',
        schema,
        '--session-idle-ttl',
        String(2 * 86_400),
        '--audit-retention',
        String(10 * 86_400),
      ],
      { DATABASE_URL: databaseUrl() },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^portcullis-prune: deleted 2 sessions, 1 refresh tokens, 1 verification tokens, 1 pending sign-ups, 0 passkey challenges, [1-9][0-9]* audit events from schema /,
    );
    const audit = await repos.auditLog.list({ userId: auditUser, limit: 10 });
    expect(audit.entries.map((entry) => entry.details.tag)).toEqual(['kept']);
    expect(await repos.sessions.findById(expired.id)).toBeNull();
    expect(await repos.sessions.findById(idle.id)).toBeNull();
    expect(await repos.sessions.findById(live.id)).toEqual(live);
    expect(await repos.refreshTokens.findByHash(deadFamily.tokenHash)).toBeNull();
    expect(await repos.refreshTokens.findByHash(rotated.tokenHash)).toEqual(rotated);
    expect(await repos.verificationTokens.findLatest(user.id, 'email_verification')).toBeNull();
    expect(await repos.pendingSignUps.findLatest(lapsed.emailKey)).toBeNull();
    expect(await repos.pendingSignUps.findLatest(pending.emailKey)).toEqual(pending);
  });

  it('exits 2 on usage errors and 1 when the server is unreachable', async () => {
    expect((await cli([], { DATABASE_URL: '' })).code).toBe(2);
    for (const args of [
      ['--bogus', 'x'],
      ['--schema'],
      ['--session-idle-ttl', '-5'],
      ['--audit-retention', '60'],
    ])
      expect((await cli(args, { DATABASE_URL: databaseUrl() })).code, args.join(' ')).toBe(2);
    const unreachable = await cli([], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('portcullis-prune:');
  });
});
