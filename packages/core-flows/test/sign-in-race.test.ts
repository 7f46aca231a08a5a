import type { PasswordHasher } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';

const linkUrl = 'https://app.example/magic';

describe('a password sign-in in flight when the password stops being valid', () => {
  it("a stranger's sign-in started before the owner proves the address gets no session", async () => {
    const h = testAuth({
      configOverrides: {
        emailVerification: { required: false },
        passwordless: { linkUrl, signUp: false },
      },
    });
    const email = 'owner@example.com';
    const password = 'the stranger chose this password';
    expect(await h.auth.signUp({ email, password })).toEqual({ ok: true });
    await h.auth.requestMagicLink({ email });
    const { token } = h.lastMail('magic_link', email);

    // The stranger's sign-in is hashing when the owner follows the link.
    const stranger = h.auth.signIn({ email, password });
    expect(await h.auth.consumeMagicLink({ token })).toMatchObject({ status: 'signed_in' });
    expect(await stranger).toEqual({ ok: false, reason: 'invalid_credentials' });

    const user = await h.repos.users.findByEmailKey(email);
    const sessions = await h.auth.listSessions({ userId: user?.id ?? '' });
    expect(sessions).toHaveLength(1);
    expect(h.events.filter((event) => event.type === 'user.sign_in_failed')).toMatchObject([
      { reason: 'invalid_credentials' },
    ]);
  });

  it("a thief's sign-in with the old password racing the owner's reset gets no session", async () => {
    // A hasher whose check takes 50 ms, so the thief's check of the old password is still
    // running when the reset stores the new one and ends every session.
    const slowCheck: PasswordHasher = {
      hash: async (password) => `$plain$${password}`,
      verify: async (stored, password) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return stored === `$plain$${password}`;
      },
      needsRehash: () => false,
      algorithmOf: () => 'plain',
    };
    const h = testAuth({ hasher: slowCheck });
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset', user.email);

    const thief = h.auth.signIn(user);
    expect(
      await h.auth.resetPassword({ token, newPassword: 'a brand new passphrase' }),
    ).toMatchObject({ ok: true });
    expect(await thief).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await h.auth.listSessions({ userId: user.userId })).toEqual([]);
  });
});
