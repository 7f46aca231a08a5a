import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

const newPassword = 'a brand new long password';

describe('requestPasswordReset', () => {
  it('answers the same for known and unknown addresses, mailing only the account owner', async () => {
    const h = testAuth();
    await verifiedUser(h, 'ada@example.com');
    const sent = h.mailbox.length;
    expect(await h.auth.requestPasswordReset({ email: 'nobody@example.com' })).toEqual({
      ok: true,
    });
    expect(h.mailbox).toHaveLength(sent);
    expect(await h.auth.requestPasswordReset({ email: 'ＡＤＡ@example.com' })).toEqual({
      ok: true,
    });
    const mail = h.lastMail('password_reset');
    expect(mail.to).toBe('ada@example.com');
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sends nothing to banned or deleted accounts', async () => {
    const h = testAuth();
    const banned = await verifiedUser(h);
    const deleted = await verifiedUser(h);
    await h.auth.banUser({ userId: banned.userId });
    await h.auth.softDeleteUser({ userId: deleted.userId });
    await h.auth.requestPasswordReset({ email: banned.email });
    await h.auth.requestPasswordReset({ email: deleted.email });
    expect(h.mailbox.filter((mail) => mail.type === 'password_reset')).toHaveLength(0);
  });
});

describe('resetPassword', () => {
  it('sets the new password and revokes every session and refresh token', async () => {
    const h = testAuth();
    const user = await signedInUser(h, 'ada@example.com');
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');

    expect(await h.auth.resetPassword({ token, newPassword })).toEqual({
      ok: true,
      userId: user.userId,
    });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await h.auth.signIn({ email: user.email, password: user.password })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(await h.auth.signIn({ email: user.email, password: newPassword })).toMatchObject({
      ok: true,
    });
    expect(h.events.map((event) => event.type)).toContain('password.reset');
  });

  it('works once: a reused token is refused', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    expect(await h.auth.resetPassword({ token, newPassword })).toMatchObject({ ok: true });
    expect(await h.auth.resetPassword({ token, newPassword: 'attacker chosen password' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.signIn({ email: user.email, password: newPassword })).toMatchObject({
      ok: true,
    });
  });

  it('lets exactly one of concurrent resets with the same token win', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.auth.resetPassword({ token, newPassword: `${newPassword} ${i}` }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('hashes only for a token it consumed: unknown tokens and race losers cost no argon2 run', async () => {
    const base = testAuth();
    let hashes = 0;
    const h = testAuth({
      repos: base.repos,
      hasher: {
        ...base.deps.hasher,
        hash: (value: string) => {
          hashes += 1;
          return base.deps.hasher.hash(value);
        },
      },
    });
    const user = await verifiedUser(h);
    const afterSignUp = hashes;
    expect(await h.auth.resetPassword({ token: 'A'.repeat(43), newPassword })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(hashes).toBe(afterSignUp);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.auth.resetPassword({ token, newPassword: `${newPassword} ${i}` }),
      ),
    );
    expect(hashes).toBe(afterSignUp + 1);
  });

  it('refuses expired, tampered, superseded and malformed tokens', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const first = h.lastMail('password_reset').token;
    await h.auth.requestPasswordReset({ email: user.email });
    const second = h.lastMail('password_reset').token;

    expect(await h.auth.resetPassword({ token: first, newPassword })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const tampered = `${second.slice(0, -1)}${second.endsWith('A') ? 'B' : 'A'}`;
    expect(await h.auth.resetPassword({ token: tampered, newPassword })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.resetPassword({ token: 'short', newPassword })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    await expect(h.auth.resetPassword({ token: untyped(42), newPassword })).rejects.toBeInstanceOf(
      InputError,
    );
    h.clock.advance(1801);
    expect(await h.auth.resetPassword({ token: second, newPassword })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token minted for another purpose (verification link, MFA challenge) without using it up', async () => {
    const linkMode = { emailVerification: { method: 'link' as const, required: false } };
    const h = testAuth({ configOverrides: linkMode });
    const email = 'ada@example.com';
    await h.auth.signUp({ email, password: newPassword });
    const verification = h.lastMail('email_verification_link');
    await h.auth.requestPasswordReset({ email });
    const reset = h.lastMail('password_reset').token;
    const gated = testAuth({
      repos: h.repos,
      configOverrides: linkMode,
      secondFactor: { activeFactors: async () => ['totp'] },
    });
    const signedIn = await gated.auth.signIn({ email, password: newPassword });
    if (!signedIn.ok || signedIn.status !== 'mfa_required')
      throw new Error('expected mfa_required');

    for (const token of [verification.token, signedIn.challengeToken]) {
      expect(await h.auth.resetPassword({ token, newPassword: 'another long password' })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    for (const token of [reset, signedIn.challengeToken]) {
      expect(await h.auth.verifyEmail({ token })).toEqual({ ok: false, reason: 'invalid' });
    }
    const challenge = await h.repos.verificationTokens.findLatest(signedIn.userId, 'mfa_challenge');
    expect(challenge?.consumedAt).toBeNull();
    expect(await h.auth.verifyEmail({ token: verification.token })).toEqual({
      ok: true,
      userId: signedIn.userId,
    });
    expect(
      await h.auth.resetPassword({ token: reset, newPassword: 'another long password' }),
    ).toEqual({ ok: true, userId: verification.userId });
  });

  it('rejects a weak new password without burning the token', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    await expect(h.auth.resetPassword({ token, newPassword: 'short' })).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(
      h.auth.resetPassword({ token, newPassword: 'x'.repeat(5000) }),
    ).rejects.toBeInstanceOf(InputError);
    expect(await h.auth.resetPassword({ token, newPassword })).toMatchObject({ ok: true });
  });

  it('creates no session, so a second factor still applies after a reset', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    const gated = testAuth({
      repos: h.repos,
      secondFactor: { activeFactors: async () => ['totp'] },
    });
    await gated.auth.requestPasswordReset({ email: user.email });
    const { token } = gated.lastMail('password_reset');
    expect(await gated.auth.resetPassword({ token, newPassword })).toEqual({
      ok: true,
      userId: user.userId,
    });
    expect(await h.repos.sessions.listByUser(user.userId)).toHaveLength(0);
    expect(await gated.auth.signIn({ email: user.email, password: newPassword })).toMatchObject({
      ok: true,
      status: 'mfa_required',
    });
  });

  it('marks the address verified, since the mailed token proves it', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    await h.auth.signUp({ email: 'ada@example.com', password: 'correct horse battery staple' });
    await h.auth.requestPasswordReset({ email: 'ada@example.com' });
    const { token, userId } = h.lastMail('password_reset');
    await h.auth.resetPassword({ token, newPassword });
    expect((await h.repos.users.findById(userId))?.emailVerifiedAt).not.toBeNull();
  });
});
