import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

/** A code that differs from `code` in its last digit. */
const wrong = (code: string) => `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;

describe('requestSignInCode', () => {
  it('mails a code to the account only, the same answer for anyone', async () => {
    const h = testAuth();
    const user = await verifiedUser(h, 'ada@example.com');
    const before = h.mailbox.length;
    expect(await h.auth.requestSignInCode({ email: 'nobody@example.com' })).toEqual({ ok: true });
    expect(h.mailbox).toHaveLength(before);
    expect(await h.auth.requestSignInCode({ email: 'ADA@example.com' })).toEqual({ ok: true });
    const mail = h.lastMail('sign_in_code');
    expect(mail).toMatchObject({ to: 'ada@example.com', userId: user.userId });
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.expiresAt.getTime() - h.clock.now().getTime()).toBe(600_000);
  });

  it('mails passwordless.codeLength digits', async () => {
    const h = testAuth({ configOverrides: { passwordless: { codeLength: 8 } } });
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    expect(h.lastMail('sign_in_code').code).toMatch(/^\d{8}$/);
  });
});

describe('signInWithCode', () => {
  it('signs in once with the mailed code', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    expect(await h.auth.signInWithCode({ email: user.email, code })).toMatchObject({
      ok: true,
      status: 'signed_in',
      user: { id: user.userId },
    });
    expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('stops brute force: after maxAttempts wrong guesses even the right code fails', async () => {
    const h = testAuth({ configOverrides: { passwordless: { maxAttempts: 3 } } });
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    for (let i = 0; i < 3; i++) {
      expect(await h.auth.signInWithCode({ email: user.email, code: wrong(code) })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'sign_in_code.failed',
      reason: 'too_many_attempts',
    });
  });

  it('counts every one of many concurrent wrong guesses', async () => {
    const h = testAuth({ configOverrides: { passwordless: { maxAttempts: 5 } } });
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    const guesses = Array.from({ length: 20 }, () =>
      h.auth.signInWithCode({ email: user.email, code: wrong(code) }),
    );
    expect((await Promise.all(guesses)).every((result) => !result.ok)).toBe(true);
    // Every concurrent guess counted: the code is dead.
    expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('lets only one of two concurrent right guesses sign in', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    const results = await Promise.all([
      h.auth.signInWithCode({ email: user.email, code }),
      h.auth.signInWithCode({ email: user.email, code }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('refuses an expired or superseded code, and any code for an unknown address', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code: older } = h.lastMail('sign_in_code');
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    if (older !== code) {
      expect(await h.auth.signInWithCode({ email: user.email, code: older })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    h.clock.advance(600);
    expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.signInWithCode({ email: 'nobody@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('does not sign in an account banned after the code was mailed', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    await h.auth.banUser({ userId: user.userId });
    expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'sign_in_code.failed',
      reason: 'account_banned',
    });
  });

  it('gives a user with a second factor mfa_required', async () => {
    const h = testAuth({ secondFactor: { activeFactors: async () => ['totp'] } });
    const user = await verifiedUser(h);
    await h.auth.requestSignInCode({ email: user.email });
    const { code } = h.lastMail('sign_in_code');
    expect(await h.auth.signInWithCode({ email: user.email, code })).toMatchObject({
      ok: true,
      status: 'mfa_required',
    });
  });

  it('throws for a code that is not 6 to 8 digits, before any lookup', async () => {
    const h = testAuth();
    for (const code of ['12345', '123456789', '12a456', ' 123456', untyped<string>(123456)]) {
      await expect(h.auth.signInWithCode({ email: 'ada@example.com', code })).rejects.toThrow(
        InputError,
      );
    }
  });
});

describe('sign-up by emailed code', () => {
  const signUpAuth = () => testAuth({ configOverrides: { passwordless: { signUp: true } } });

  it('mails nothing for an unknown address unless passwordless.signUp is on', async () => {
    const off = testAuth();
    await off.auth.requestSignInCode({ email: 'new@example.com' });
    expect(off.mailbox).toHaveLength(0);
    const on = signUpAuth();
    await on.auth.requestSignInCode({ email: 'new@example.com' });
    expect(on.lastMail('sign_in_code')).toMatchObject({ to: 'new@example.com', userId: null });
  });

  it('creates a verified account without a password, once', async () => {
    const h = signUpAuth();
    await h.auth.requestSignInCode({ email: 'New@example.com' });
    const { code } = h.lastMail('sign_in_code');
    const first = await h.auth.signInWithCode({ email: 'new@example.com', code });
    expect(first).toMatchObject({
      ok: true,
      status: 'signed_in',
      user: { email: 'New@example.com', emailVerified: true },
    });
    expect(await h.auth.signInWithCode({ email: 'new@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.map((event) => event.type)).toContain('user.signed_up');
  });

  it('stops brute force on a sign-up code, and of concurrent right guesses one signs up', async () => {
    const h = testAuth({ configOverrides: { passwordless: { signUp: true, maxAttempts: 3 } } });
    await h.auth.requestSignInCode({ email: 'guess@example.com' });
    const { code } = h.lastMail('sign_in_code');
    for (let i = 0; i < 3; i++)
      await h.auth.signInWithCode({ email: 'guess@example.com', code: wrong(code) });
    expect(await h.auth.signInWithCode({ email: 'guess@example.com', code })).toEqual({
      ok: false,
      reason: 'invalid',
    });

    await h.auth.requestSignInCode({ email: 'race@example.com' });
    const raced = h.lastMail('sign_in_code').code;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.auth.signInWithCode({ email: 'race@example.com', code: raced }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('activates nothing a stranger chose: their pending password sign-up is dropped', async () => {
    const h = signUpAuth();
    const email = 'owner@example.com';
    await h.auth.signUp({ email, password: 'a stranger chose this' });
    const stranger = h.lastMail('email_verification_code', email).code;
    await h.auth.requestSignInCode({ email });
    const { code } = h.lastMail('sign_in_code', email);
    expect(await h.auth.signInWithCode({ email, code })).toMatchObject({ ok: true });
    expect(await h.auth.verifyEmail({ email, code: stranger })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.signIn({ email, password: 'a stranger chose this' })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
  });

  it('a sign-up code never verifies a password sign-up, nor the other way round', async () => {
    const h = signUpAuth();
    const email = 'both@example.com';
    await h.auth.signUp({ email, password: 'a password of my own' });
    const verification = h.lastMail('email_verification_code', email).code;
    await h.auth.requestSignInCode({ email });
    const signInCode = h.lastMail('sign_in_code', email).code;
    if (verification !== signInCode) {
      expect(await h.auth.signInWithCode({ email, code: verification })).toMatchObject({
        ok: false,
      });
    }
    // The verification code still activates its own sign-up, with its password.
    expect(await h.auth.verifyEmail({ email, code: verification })).toMatchObject({ ok: true });
    expect(await h.auth.signIn({ email, password: 'a password of my own' })).toMatchObject({
      ok: true,
    });
  });
});
