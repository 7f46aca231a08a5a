import type { PasswordHasher, SignInInput } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { sha256Hex } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

// OpenBSD's bcrypt test vector (core/test/vectors.json has the full set): a legacy hash to migrate.
const LEGACY_BCRYPT = {
  password: 'abcdefghijklmnopqrstuvwxyz',
  hash: '$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC',
};

describe('signIn', () => {
  it('creates a session whose token validates', async () => {
    const h = testAuth();
    const { email, password, userId } = await verifiedUser(h);
    const result = await h.auth.signIn({
      email,
      password,
      context: { ip: '203.0.113.9', userAgent: 'test' },
    });
    if (!result.ok || result.status !== 'signed_in') throw new Error('expected a session');

    expect(result.user.id).toBe(userId);
    expect(result.user).not.toHaveProperty('passwordHash');
    expect(result.session).toMatchObject({
      userId,
      aal: 'aal1',
      ip: '203.0.113.9',
      userAgent: 'test',
    });
    expect(await h.auth.validateSession({ sessionToken: result.sessionToken })).toMatchObject({
      ok: true,
      session: { id: result.session.id },
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'user.signed_in',
      userId,
      sessionId: result.session.id,
    });
  });

  it('answers unknown email and wrong password identically, verifying a hash for both', async () => {
    const h = testAuth();
    const { email } = await verifiedUser(h);
    const verified: string[] = [];
    const real = h.deps.hasher;
    const spy: PasswordHasher = {
      ...real,
      verify: (hash, pw) => {
        verified.push(hash);
        return real.verify(hash, pw);
      },
    };
    const probe = testAuth({ repos: h.repos, hasher: spy });

    const wrongPassword = await probe.auth.signIn({ email, password: 'not the password' });
    const unknownEmail = await probe.auth.signIn({
      email: 'nobody@example.com',
      password: 'not the password',
    });
    expect(wrongPassword).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(unknownEmail).toEqual(wrongPassword);
    expect(verified).toHaveLength(2);
    expect(verified[1]).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
  });

  it('matches the email case-insensitively and after NFKC', async () => {
    const h = testAuth();
    const { password } = await verifiedUser(h, 'ada@example.com');
    const result = await h.auth.signIn({ email: 'ＡＤＡ＠example.COM', password });
    expect(result).toMatchObject({ ok: true, status: 'signed_in' });
  });

  it('lets unverified users in when verification is not required', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    await h.auth.signUp({ email: 'new@example.com', password: 'correct horse battery staple' });
    expect(
      await h.auth.signIn({ email: 'new@example.com', password: 'correct horse battery staple' }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('transparently rehashes a legacy bcrypt hash to argon2id', async () => {
    const h = testAuth();
    const { password, hash } = LEGACY_BCRYPT;
    const { userId, email } = await verifiedUser(h);
    await h.repos.users.update(userId, { passwordHash: hash, updatedAt: h.clock.now() });

    expect(await h.auth.signIn({ email, password })).toMatchObject({
      ok: true,
      status: 'signed_in',
    });
    const stored = await h.repos.users.findById(userId);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(h.events.find((event) => event.type === 'password.rehashed')).toMatchObject({
      from: 'bcrypt',
      to: 'argon2id',
    });
    expect(await h.auth.signIn({ email, password })).toMatchObject({ ok: true });
  });

  it('rehashes when the configured argon2 cost changes', async () => {
    const h = testAuth();
    const { email, password, userId } = await verifiedUser(h);
    const stronger = testAuth({
      repos: h.repos,
      configOverrides: { password: { argon2: { memoryKiB: 512, iterations: 1, parallelism: 1 } } },
    });
    await stronger.auth.signIn({ email, password });
    expect((await h.repos.users.findById(userId))?.passwordHash).toMatch(
      /^\$argon2id\$v=19\$m=512,t=1,p=1\$/,
    );
  });

  it('does not overwrite a password changed while the rehash was computed', async () => {
    const h = testAuth();
    const { email, userId } = await verifiedUser(h);
    const legacy = LEGACY_BCRYPT;
    await h.repos.users.update(userId, { passwordHash: legacy.hash, updatedAt: h.clock.now() });
    const real = h.deps.hasher;
    const racing = testAuth({
      repos: h.repos,
      hasher: {
        ...real,
        async hash(value) {
          // Another request changes the password between verification and rehash.
          await h.repos.users.update(userId, {
            passwordHash: 'changed-meanwhile',
            updatedAt: h.clock.now(),
          });
          return real.hash(value);
        },
      },
    });
    await racing.auth.signIn({ email, password: legacy.password });
    expect((await h.repos.users.findById(userId))?.passwordHash).toBe('changed-meanwhile');
  });

  it('returns mfa_required and no session when the user has a second factor', async () => {
    const h = testAuth();
    const { email, password, userId } = await verifiedUser(h);
    const gated = testAuth({
      repos: h.repos,
      secondFactor: { activeFactors: async (id) => (id === userId ? ['totp'] : []) },
    });
    const result = await gated.auth.signIn({ email, password });
    if (!result.ok || result.status !== 'mfa_required') throw new Error('expected mfa_required');

    expect(result.factors).toEqual(['totp']);
    expect(result.challengeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await h.repos.sessions.listByUser(userId)).toHaveLength(0);
    const challenge = await h.repos.verificationTokens.findLatest(userId, 'mfa_challenge');
    expect(challenge?.expiresAt.getTime()).toBe(h.clock.now().getTime() + 300_000);
    expect(challenge?.secretHash).not.toContain(result.challengeToken);
  });

  it.each([
    ['oversized password', { email: 'ada@example.com', password: 'x'.repeat(100_000) }],
    ['NUL in password', { email: 'ada@example.com', password: 'abc\u0000def' }],
    ['malformed email', { email: 'ada@@example.com', password: 'whatever pw' }],
    ['non-string password', { email: 'ada@example.com', password: { $ne: '' } }],
  ])('throws InputError for %s before touching storage', async (_, input) => {
    const h = testAuth();
    await expect(h.auth.signIn(untyped<SignInInput>(input))).rejects.toBeInstanceOf(InputError);
    expect(h.events).toHaveLength(0);
  });

  it('keeps signing in when the audit sink fails, and reports the failure', async () => {
    const h = testAuth();
    const { email, password } = await verifiedUser(h);
    const failures: unknown[] = [];
    const broken = testAuth({
      repos: h.repos,
      auditSinks: [{ record: () => Promise.reject(new Error('audit db down')) }],
      onAuditFailure: (error) => failures.push(error),
    });
    expect(await broken.auth.signIn({ email, password })).toMatchObject({
      ok: true,
      status: 'signed_in',
    });
    expect(failures.length).toBeGreaterThan(0);
  });
});

describe('signIn edge accounts', () => {
  it('treats an account without a password like an unknown one, still verifying a hash', async () => {
    const h = testAuth();
    const { email, userId } = await verifiedUser(h);
    await h.repos.users.update(userId, { passwordHash: null, updatedAt: h.clock.now() });
    const verified: string[] = [];
    const real = h.deps.hasher;
    const probe = testAuth({
      repos: h.repos,
      hasher: {
        ...real,
        verify: (hash, pw) => {
          verified.push(hash);
          return real.verify(hash, pw);
        },
      },
    });
    expect(await probe.auth.signIn({ email, password: 'any password at all' })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(verified).toHaveLength(1);
  });

  it('keeps one live MFA challenge per user: a newer sign-in supersedes the older one', async () => {
    const h = testAuth();
    const { email, password, userId } = await verifiedUser(h);
    const gated = testAuth({
      repos: h.repos,
      secondFactor: { activeFactors: async () => ['totp'] },
    });
    const first = await gated.auth.signIn({ email, password });
    const second = await gated.auth.signIn({ email, password });
    if (first.ok !== true || first.status !== 'mfa_required') throw new Error('expected mfa');
    if (second.ok !== true || second.status !== 'mfa_required') throw new Error('expected mfa');

    const consume = async (token: string) =>
      h.repos.verificationTokens.consume('mfa_challenge', await sha256Hex(token), h.clock.now());
    expect(await consume(first.challengeToken)).toBeNull();
    expect(await consume(second.challengeToken)).toMatchObject({ userId });
    expect(await consume(second.challengeToken)).toBeNull();
  });
});
