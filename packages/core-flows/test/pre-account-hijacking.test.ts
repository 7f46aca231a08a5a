/**
 * Attack tests: pre-account hijacking. An attacker signs up first with the victim's address
 * and a password of their choosing; the address must end up bound only to the password of
 * whoever proves control of it.
 */
import { describe, expect, it } from 'vitest';
import { testAuth } from './harness.ts';

const email = 'victim@example.com';
const attackerPassword = 'attacker chose this one';
const victimPassword = 'victim chose this one';

/** The codes mailed so far, oldest first; fails when fewer than `count` were sent. */
function codes(h: ReturnType<typeof testAuth>, count = 2): string[] {
  const sent = h.mailbox.flatMap((mail) =>
    mail.type === 'email_verification_code' ? [mail.code] : [],
  );
  if (sent.length < count) throw new Error(`expected ${count} codes, got ${sent.length}`);
  return sent;
}

describe('pre-account hijacking, verification required', () => {
  it('the victim’s own code activates the victim’s password; the attacker’s is refused', async () => {
    const h = testAuth();
    await h.auth.signUp({ email, password: attackerPassword });
    await h.auth.signUp({ email, password: victimPassword });
    const [attackerCode = '', victimCode = ''] = codes(h);
    expect(h.mailbox.map((mail) => mail.type)).toEqual([
      'email_verification_code',
      'email_verification_code',
    ]);
    expect(await h.auth.verifyEmail({ email, code: victimCode })).toMatchObject({ ok: true });
    expect(await h.auth.signIn({ email, password: victimPassword })).toMatchObject({ ok: true });
    expect(await h.auth.signIn({ email, password: attackerPassword })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    // The attacker's sign-up died with the activation: its code opens nothing any more.
    expect(await h.auth.verifyEmail({ email, code: attackerCode })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('an older sign-up never becomes active through a newer code, nor the other way round', async () => {
    for (const redeem of ['older', 'newer'] as const) {
      const h = testAuth();
      await h.auth.signUp({ email, password: 'older password here' });
      await h.auth.signUp({ email, password: 'newer password here' });
      const [older = '', newer = ''] = codes(h);
      const code = redeem === 'older' ? older : newer;
      expect(await h.auth.verifyEmail({ email, code })).toMatchObject({ ok: true });
      const active = redeem === 'older' ? 'older password here' : 'newer password here';
      const other = redeem === 'older' ? 'newer password here' : 'older password here';
      expect(await h.auth.signIn({ email, password: active })).toMatchObject({ ok: true });
      expect(await h.auth.signIn({ email, password: other })).toMatchObject({ ok: false });
    }
  });

  it('a stranger’s later sign-ups leave the owner’s pending one redeemable', async () => {
    const h = testAuth();
    await h.auth.signUp({ email, password: victimPassword });
    const [victimCode = ''] = codes(h, 1);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1);
      await h.auth.signUp({ email, password: `${attackerPassword} ${i}` });
    }
    expect(await h.auth.verifyEmail({ email, code: victimCode })).toMatchObject({ ok: true });
    expect(await h.auth.signIn({ email, password: victimPassword })).toMatchObject({ ok: true });
  });

  it('pending sign-ups expire with their secret and are pruned by deleteExpired', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { method: 'link' } } });
    await h.auth.signUp({ email, password: victimPassword });
    const { token } = h.lastMail('email_verification_link');
    h.clock.advance(24 * 3600);
    expect(await h.auth.verifyEmail({ token })).toEqual({ ok: false, reason: 'invalid' });
    expect(await h.repos.pendingSignUps.deleteExpired(h.clock.now())).toBe(1);
    expect(await h.repos.pendingSignUps.findLatest(email)).toBeNull();
  });

  it('activating onto an account that was never verified ends its sessions and sets this password', async () => {
    // The account was made while verification was optional: the attacker holds a session.
    const optional = testAuth({ configOverrides: { emailVerification: { required: false } } });
    await optional.auth.signUp({ email, password: attackerPassword });
    const attacker = await optional.auth.signIn({ email, password: attackerPassword });
    if (!attacker.ok || attacker.status !== 'signed_in') throw new Error('attacker not in');
    const h = testAuth({ repos: optional.repos });
    await h.auth.signUp({ email, password: victimPassword });
    expect(
      await h.auth.verifyEmail({ email, code: h.lastMail('email_verification_code').code }),
    ).toMatchObject({ ok: true, userId: attacker.user.id });
    expect(await h.auth.validateSession({ sessionToken: attacker.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.signIn({ email, password: victimPassword })).toMatchObject({ ok: true });
    expect(await h.auth.signIn({ email, password: attackerPassword })).toMatchObject({ ok: false });
  });
});

describe('pre-account hijacking, verification optional (the documented residual risk)', () => {
  const optional = { configOverrides: { emailVerification: { required: false } } };

  it('verifying the address ends every session that existed before', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email, password: attackerPassword });
    const { code } = h.lastMail('email_verification_code');
    const attacker = await h.auth.signIn({ email, password: attackerPassword });
    if (!attacker.ok || attacker.status !== 'signed_in') throw new Error('attacker not in');
    const refresh = await h.auth.internal.issueRefreshToken({ session: attacker.session });
    expect(await h.auth.verifyEmail({ email, code })).toMatchObject({ ok: true });
    expect(await h.auth.validateSession({ sessionToken: attacker.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(
      await h.auth.rotateRefreshToken({ refreshToken: refresh?.refreshToken ?? '' }),
    ).toMatchObject({ ok: false });
  });

  it('a password reset by the real owner evicts the attacker completely', async () => {
    const h = testAuth(optional);
    await h.auth.signUp({ email, password: attackerPassword });
    const attacker = await h.auth.signIn({ email, password: attackerPassword });
    if (!attacker.ok || attacker.status !== 'signed_in') throw new Error('attacker not in');
    const refresh = await h.auth.internal.issueRefreshToken({ session: attacker.session });
    // The owner signs up (gets account_exists), then resets the password from the mail.
    await h.auth.signUp({ email, password: victimPassword });
    expect(h.lastMail('account_exists').to).toBe(email);
    await h.auth.requestPasswordReset({ email });
    const { token } = h.lastMail('password_reset');
    expect(await h.auth.resetPassword({ token, newPassword: victimPassword })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.validateSession({ sessionToken: attacker.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(
      await h.auth.rotateRefreshToken({ refreshToken: refresh?.refreshToken ?? '' }),
    ).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await h.auth.signIn({ email, password: attackerPassword })).toMatchObject({ ok: false });
    expect(await h.auth.signIn({ email, password: victimPassword })).toMatchObject({ ok: true });
    expect((await h.repos.users.findByEmailKey(email))?.emailVerifiedAt).not.toBeNull();
  });
});

describe('pre-account hijacking: lasting credentials the attacker added', () => {
  const optional = { configOverrides: { emailVerification: { required: false } } };

  /** An attacker's unverified account on the victim's address, with an API key. */
  async function attackerWithKey(h: ReturnType<typeof testAuth>) {
    await h.auth.signUp({ email, password: attackerPassword });
    const user = await h.repos.users.findByEmailKey(email);
    if (!user) throw new Error('no account');
    const { apiKey } = await h.auth.createApiKey({ owner: { userId: user.id }, name: 'kept' });
    expect(await h.auth.verifyApiKey({ apiKey })).toMatchObject({ ok: true });
    return { userId: user.id, apiKey };
  }

  it("the owner's password reset revokes the attacker's API key", async () => {
    const h = testAuth(optional);
    const { apiKey } = await attackerWithKey(h);
    await h.auth.requestPasswordReset({ email });
    const { token } = h.lastMail('password_reset');
    expect(await h.auth.resetPassword({ token, newPassword: victimPassword })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.verifyApiKey({ apiKey })).toMatchObject({ ok: false });
  });

  it("the owner's sign-up activating onto the account revokes the attacker's API key", async () => {
    const open = testAuth(optional);
    const { apiKey, userId } = await attackerWithKey(open);
    const h = testAuth({ repos: open.repos });
    await h.auth.signUp({ email, password: victimPassword });
    const { code } = h.lastMail('email_verification_code');
    expect(await h.auth.verifyEmail({ email, code })).toMatchObject({ ok: true, userId });
    expect(await h.auth.verifyApiKey({ apiKey })).toMatchObject({ ok: false });
  });
});
