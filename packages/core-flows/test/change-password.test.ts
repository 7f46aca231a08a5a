import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';

const newPassword = 'a brand new long password';

describe('changePassword', () => {
  it('needs the current password and keeps only the current session', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const other = await h.auth.signIn(user);
    if (!other.ok || other.status !== 'signed_in') throw new Error('sign-in failed');

    expect(
      await h.auth.changePassword({
        userId: user.userId,
        currentPassword: 'wrong password',
        newPassword,
      }),
    ).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(
      await h.auth.changePassword({
        userId: user.userId,
        currentPassword: user.password,
        newPassword,
        currentSessionId: user.session.id,
      }),
    ).toEqual({ ok: true });

    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.validateSession({ sessionToken: other.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.signIn({ email: user.email, password: newPassword })).toMatchObject({
      ok: true,
    });
  });

  it('validates the new password before changing anything', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await expect(
      h.auth.changePassword({
        userId: user.userId,
        currentPassword: user.password,
        newPassword: 'short',
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(await h.auth.signIn(user)).toMatchObject({ ok: true });
  });
});

describe('changePassword and outstanding reset links', () => {
  it('invalidates a reset link mailed before the change', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    await h.auth.changePassword({
      userId: user.userId,
      currentPassword: user.password,
      newPassword,
    });
    expect(await h.auth.resetPassword({ token, newPassword: 'attacker chosen password' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.signIn({ email: user.email, password: newPassword })).toMatchObject({
      ok: true,
    });
  });
});

describe('changePassword under concurrency', () => {
  it('lets exactly one of concurrent changes from the same current password win', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.auth.changePassword({
          userId: user.userId,
          currentPassword: user.password,
          newPassword: `${newPassword} ${i}`,
        }),
      ),
    );
    const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(
      await h.auth.signIn({ email: user.email, password: `${newPassword} ${winners[0]}` }),
    ).toMatchObject({ ok: true });
  });
});
