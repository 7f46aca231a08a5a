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
