/**
 * Attack tests: sign-in must not confirm to a credential-stuffer that a password is right
 * when it cannot open a session (pending sign-up, unverified, banned or deleted account).
 */
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';

const password = 'correct horse battery staple';
const wrongPassword = 'not the password at all';

describe('signIn without account-status oracles', () => {
  it('answers a pending sign-up with its own password exactly like a wrong password', async () => {
    const h = testAuth();
    await h.auth.signUp({ email: 'new@example.com', password });
    const pending = await h.auth.signIn({ email: 'new@example.com', password });
    const wrong = await h.auth.signIn({ email: 'new@example.com', password: wrongPassword });
    const { email } = await verifiedUser(h);
    const existingWrong = await h.auth.signIn({ email, password: wrongPassword });
    expect(pending).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(wrong).toEqual(pending);
    expect(existingWrong).toEqual(pending);
  });

  it('answers a banned account with the right password like a wrong one; the event knows', async () => {
    const h = testAuth();
    const banned = await verifiedUser(h);
    await h.auth.banUser({ userId: banned.userId, reason: 'spam' });
    const right = await h.auth.signIn(banned);
    expect(right).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(h.events.at(-1)).toMatchObject({
      type: 'user.sign_in_failed',
      userId: banned.userId,
      reason: 'account_banned',
    });
    expect(await h.auth.signIn({ email: banned.email, password: wrongPassword })).toEqual(right);
  });

  it('answers a soft-deleted account like an unknown one, even with revealAccountStatus', async () => {
    const h = testAuth({ configOverrides: { signIn: { revealAccountStatus: true } } });
    const deleted = await verifiedUser(h);
    await h.auth.softDeleteUser({ userId: deleted.userId });
    expect(await h.auth.signIn(deleted)).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(h.events.at(-1)).toMatchObject({ reason: 'account_deleted' });
  });

  it('reveals a ban only after the right password, and only when configured to', async () => {
    const h = testAuth({ configOverrides: { signIn: { revealAccountStatus: true } } });
    const banned = await verifiedUser(h);
    await h.auth.banUser({ userId: banned.userId });
    expect(await h.auth.signIn(banned)).toEqual({ ok: false, reason: 'account_banned' });
    expect(await h.auth.signIn({ email: banned.email, password: wrongPassword })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
  });

  it('hides an account that exists unverified (made while verification was optional)', async () => {
    const optional = testAuth({ configOverrides: { emailVerification: { required: false } } });
    await optional.auth.signUp({ email: 'old@example.com', password });
    const strict = testAuth({ repos: optional.repos });
    expect(await strict.auth.signIn({ email: 'old@example.com', password })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(strict.events.at(-1)).toMatchObject({ reason: 'email_unverified' });
    const revealing = testAuth({
      repos: optional.repos,
      configOverrides: { signIn: { revealAccountStatus: true } },
    });
    expect(await revealing.auth.signIn({ email: 'old@example.com', password })).toEqual({
      ok: false,
      reason: 'email_unverified',
    });
  });
});
