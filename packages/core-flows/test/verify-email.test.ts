import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth } from './harness.ts';
import { untyped } from './untyped.ts';

const password = 'correct horse battery staple';
const optional = { configOverrides: { emailVerification: { required: false } } };

async function signedUp(h: ReturnType<typeof testAuth>, email = 'ada@example.com') {
  await h.auth.signUp({ email, password });
  return h.lastMail('email_verification_code');
}

function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('verifyEmail with a code', () => {
  it('marks the address verified once, and the code cannot be reused', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    const verified = await h.auth.verifyEmail({ email: 'ada@example.com', code });
    if (!verified.ok) throw new Error('not verified');
    const user = await h.repos.users.findById(verified.userId);
    expect(user?.emailVerifiedAt).toEqual(h.clock.now());
    expect(user?.email).toBe('ada@example.com');
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a wrong code and stops after the attempt limit, even for the right code', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    for (let i = 0; i < 5; i++) {
      expect(await h.auth.verifyEmail({ email: 'ada@example.com', code: wrong(code) })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'email.verification_failed',
      reason: 'too_many_attempts',
    });
  });

  it('answers a locked-out or expired code exactly like an unknown address (no enumeration)', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    const unknown = { email: 'nobody@example.com', code };
    for (let i = 0; i < 6; i++) {
      const known = await h.auth.verifyEmail({ email: 'ada@example.com', code: wrong(code) });
      expect(known).toEqual(await h.auth.verifyEmail(unknown));
    }
    const expiring = testAuth();
    const fresh = await signedUp(expiring);
    expiring.clock.advance(expiring.deps.config.emailVerification.codeTtl);
    expect(await expiring.auth.verifyEmail({ email: 'ada@example.com', code: fresh.code })).toEqual(
      await expiring.auth.verifyEmail({ email: 'nobody@example.com', code: fresh.code }),
    );
  });

  it('holds the attempt limit under concurrent guessing', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    const guesses = Array.from({ length: 40 }, (_, i) => String(i).padStart(6, '0')).filter(
      (g) => g !== code,
    );
    const results = await Promise.all(
      guesses.map((guess) => h.auth.verifyEmail({ email: 'ada@example.com', code: guess })),
    );
    const failures = h.events.filter((event) => event.type === 'email.verification_failed');
    expect(failures.filter((event) => event.reason === 'invalid')).toHaveLength(5);
    expect(results.every((result) => !result.ok)).toBe(true);
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('lets exactly one of many concurrent submissions of the right code succeed', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { maxAttempts: 20 } } });
    const { code } = await signedUp(h);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.auth.verifyEmail({ email: 'ada@example.com', code })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('expires codes after codeTtl', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    h.clock.advance(901);
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.repos.users.findByEmailKey('ada@example.com')).toBeNull();
  });

  it('still accepts a code one second before codeTtl', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    h.clock.advance(899);
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toMatchObject({
      ok: true,
    });
  });

  it('answers an unknown address like a wrong code', async () => {
    const h = testAuth();
    expect(await h.auth.verifyEmail({ email: 'nobody@example.com', code: '123456' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('rejects malformed codes as input errors without counting an attempt', async () => {
    const h = testAuth();
    const { code } = await signedUp(h);
    for (const bad of ['12345', '1234567', 'abcdef', '12345\u0000', 123456]) {
      await expect(
        h.auth.verifyEmail({ email: 'ada@example.com', code: untyped(bad) }),
      ).rejects.toBeInstanceOf(InputError);
    }
    expect((await h.repos.pendingSignUps.findLatest('ada@example.com'))?.attempts).toBe(0);
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toMatchObject({
      ok: true,
    });
  });

  it('resends nothing while verification is required: signing up again is the resend', async () => {
    const h = testAuth();
    const first = await signedUp(h);
    h.clock.advance(120);
    expect(await h.auth.requestEmailVerification({ email: 'ada@example.com' })).toEqual({
      ok: true,
    });
    expect(h.mailbox).toHaveLength(1);
    const second = await signedUp(h);
    expect(second).not.toBe(first);
    // The newer sign-up replaced nothing: the first code still redeems the first sign-up.
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code: first.code })).toMatchObject({
      ok: true,
    });
  });

  it('answers resend requests for unknown or verified addresses the same way, sending nothing', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { code } = h.lastMail('email_verification_code');
    await h.auth.verifyEmail({ email: 'ada@example.com', code });
    h.clock.advance(120);
    const sent = h.mailbox.length;
    expect(await h.auth.requestEmailVerification({ email: 'ada@example.com' })).toEqual({
      ok: true,
    });
    expect(await h.auth.requestEmailVerification({ email: 'nobody@example.com' })).toEqual({
      ok: true,
    });
    expect(h.mailbox).toHaveLength(sent);
  });

  it('resends to an unverified account when verification is optional, after the cooldown', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const first = h.lastMail('email_verification_code');
    await h.auth.requestEmailVerification({ email: 'ada@example.com' });
    expect(h.mailbox).toHaveLength(1);
    h.clock.advance(61);
    await h.auth.requestEmailVerification({ email: 'ADA@example.com' });
    const second = h.lastMail('email_verification_code');
    expect(second).not.toBe(first);
    expect(second).toMatchObject({ to: 'ada@example.com', userId: first.userId });
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code: second.code })).toEqual({
      ok: true,
      userId: first.userId,
    });
    // Confirming the address changed no password.
    expect(await h.auth.signIn({ email: 'ada@example.com', password })).toMatchObject({ ok: true });
  });

  it('does not confirm an address that changed after a resend was mailed', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { code, userId } = h.lastMail('email_verification_code');
    if (userId === null) throw new Error('the account exists when verification is optional');
    await h.repos.users.update(userId, { email: 'eve@example.com', updatedAt: h.clock.now() });
    expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await h.repos.users.findById(userId))?.emailVerifiedAt).toBeNull();
  });
});

describe('verifyEmail with a link token', () => {
  const linkMode = { configOverrides: { emailVerification: { method: 'link' as const } } };

  it('verifies once with the mailed token; replay, tampering and expiry fail', async () => {
    const h = testAuth(linkMode);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { token } = h.lastMail('email_verification_link');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await h.repos.pendingSignUps.findLatest('ada@example.com');
    expect(stored?.secretHash).not.toContain(token);

    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await h.auth.verifyEmail({ token: tampered })).toEqual({ ok: false, reason: 'invalid' });
    expect(await h.auth.verifyEmail({ token })).toMatchObject({ ok: true });
    expect(await h.auth.verifyEmail({ token })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an expired link', async () => {
    const h = testAuth(linkMode);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { token } = h.lastMail('email_verification_link');
    h.clock.advance(86_401);
    expect(await h.auth.verifyEmail({ token })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('consumes a link exactly once under concurrency', async () => {
    const h = testAuth(linkMode);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { token } = h.lastMail('email_verification_link');
    const results = await Promise.all(
      Array.from({ length: 25 }, () => h.auth.verifyEmail({ token })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });
});

describe('verifyEmail across accounts and states', () => {
  it('refuses one user’s code presented for another user’s address', async () => {
    const h = testAuth();
    const ada = await signedUp(h, 'ada@example.com');
    await signedUp(h, 'bob@example.com');
    expect(await h.auth.verifyEmail({ email: 'bob@example.com', code: ada.code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('does not confirm an account soft-deleted or banned after the code was sent', async () => {
    for (const lock of ['softDeleteUser', 'banUser'] as const) {
      const h = testAuth(optional);
      await h.auth.signUp({ email: 'ada@example.com', password });
      const { code, userId } = h.lastMail('email_verification_code');
      if (userId === null) throw new Error('the account exists when verification is optional');
      await h.auth[lock]({ userId });
      expect(await h.auth.verifyEmail({ email: 'ada@example.com', code })).toEqual({
        ok: false,
        reason: 'invalid',
      });
      expect((await h.repos.users.findById(userId))?.emailVerifiedAt).toBeNull();
    }
  });

  it('sends no new code to a banned account', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email: 'ada@example.com', password });
    const { userId } = h.lastMail('email_verification_code');
    if (userId === null) throw new Error('the account exists when verification is optional');
    await h.auth.banUser({ userId });
    h.clock.advance(120);
    expect(await h.auth.requestEmailVerification({ email: 'ada@example.com' })).toEqual({
      ok: true,
    });
    expect(h.mailbox.filter((mail) => mail.type === 'email_verification_code')).toHaveLength(1);
  });
});
