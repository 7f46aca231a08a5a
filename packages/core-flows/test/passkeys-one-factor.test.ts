/**
 * A passkey without user verification (a PIN-less security key) is one factor,
 * possession: it must never open an MFA account alone, nor count as the "second" factor of
 * a session it opened itself. The attacks hold only the victim's key: sign-in, step-up,
 * turning MFA off, new backup codes, re-enrolling TOTP, and a passkey offered for the MFA
 * challenge a passkey sign-in issued. With user verification all of it works.
 */
import type { AuthEvent } from '@portcullis/core';
import type { PasskeyConfigInput } from '@portcullis/core/passkeys';
import {
  beginPasskeyRegistration,
  beginPasskeySecondFactor,
  beginPasskeySignIn,
  finishPasskeyRegistration,
  finishPasskeySignIn,
} from '@portcullis/core/passkeys';
import type { SoftAuthenticator } from '@portcullis/core/testing';
import { softAuthenticator } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { mfaUser, passwordStep, totpCode } from './mfa-harness.ts';
import { passkeyHarness } from './passkeys-harness.ts';

const origin = 'https://app.portcullis.test';
const RP = {
  rpId: 'portcullis.test',
  rpName: 'Portcullis test',
  origins: [origin],
  userVerification: 'preferred',
} as const satisfies PasskeyConfigInput;

function setup() {
  const h = passkeyHarness(RP);
  /** Registers a passkey held by `key` for `userId`, from a fresh session it then ends. */
  async function addPasskey(userId: string, key: SoftAuthenticator) {
    const signedIn = await h.auth.internal.createSession({ userId, aal: 'aal2' });
    if (!signedIn) throw new Error('no session');
    const currentSessionId = signedIn.session.id;
    const begun = await beginPasskeyRegistration(h.deps, { userId, currentSessionId });
    if (!begun.ok) throw new Error(`begin failed: ${begun.reason}`);
    const response = await key.create(begun.options, { origin });
    const added = await finishPasskeyRegistration(h.deps, { userId, currentSessionId, response });
    if (!added.ok) throw new Error(`registration failed: ${added.reason}`);
    await h.auth.revokeSession({ userId, sessionId: currentSessionId });
  }
  /** A user with TOTP on whose passkey is a key without a PIN. */
  async function victim() {
    const user = await mfaUser(h);
    const key = softAuthenticator({ userVerification: false });
    await addPasskey(user.userId, key);
    return { ...user, key };
  }
  /** A usernameless sign-in answered by `key`. */
  async function passkeySignIn(key: SoftAuthenticator, userVerification = false) {
    const begun = await beginPasskeySignIn(h.deps);
    if (!begun.ok) throw new Error('sign-in options refused');
    const response = await key.get(begun.options, { origin, userVerification });
    return finishPasskeySignIn(h.deps, { response });
  }
  /** Step-up options for a session of the user, answered by `key`. */
  async function stepUpAnswer(
    userId: string,
    sessionId: string,
    key: SoftAuthenticator,
    userVerification = false,
  ) {
    const begun = await h.auth.beginPasskeyStepUp({ userId, sessionId });
    if (!begun.ok) throw new Error(`step-up options refused: ${begun.reason}`);
    expect(begun.options.userVerification).toBe('required');
    return key.get(begun.options, { origin, userVerification });
  }
  /** A session of the user, as the user's own aal1 sign-in would leave one. */
  async function session(userId: string) {
    const created = await h.auth.internal.createSession({ userId, aal: 'aal1' });
    if (!created) throw new Error('no session');
    return created.session.id;
  }
  const sessionCount = async (userId: string) => (await h.auth.listSessions({ userId })).length;
  return { h, addPasskey, victim, passkeySignIn, stepUpAnswer, session, sessionCount };
}

const ofType = <T extends AuthEvent['type']>(events: readonly AuthEvent[], type: T) =>
  events.filter((event): event is Extract<AuthEvent, { type: T }> => event.type === type);

describe('passkey sign-in without user verification, for a user with MFA', () => {
  it('answers mfa_required without webauthn, as a password does, and starts no session', async () => {
    const { h, victim, passkeySignIn, sessionCount } = setup();
    const user = await victim();
    const password = await passwordStep(h, user);
    expect(password.factors).toEqual(['totp', 'webauthn', 'backup_code']);
    const signedInBefore = ofType(h.events, 'user.signed_in').length;

    const result = await passkeySignIn(user.key);
    if (!result.ok || result.status !== 'mfa_required') throw new Error('expected mfa_required');
    expect(result).toMatchObject({ userId: user.userId, factors: ['totp', 'backup_code'] });
    expect(result.challengeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionCount(user.userId)).toBe(0);
    expect(ofType(h.events, 'user.mfa_required').at(-1)).toMatchObject({
      userId: user.userId,
      factors: ['totp', 'backup_code'],
    });
    expect(ofType(h.events, 'user.signed_in')).toHaveLength(signedInBefore);
  });

  it('completes at aal2 with a TOTP code or a backup code', async () => {
    const { h, victim, passkeySignIn } = setup();
    const user = await victim();
    const first = await passkeySignIn(user.key);
    if (!first.ok || first.status !== 'mfa_required') throw new Error('expected mfa_required');
    const code = totpCode(user.secret, h.clock.now());
    const viaTotp = await h.auth.completeMfaSignIn({
      challengeToken: first.challengeToken,
      proof: { method: 'totp', code },
    });
    expect(viaTotp).toMatchObject({ ok: true, session: { aal: 'aal2' } });

    const second = await passkeySignIn(user.key);
    if (!second.ok || second.status !== 'mfa_required') throw new Error('expected mfa_required');
    const viaBackup = await h.auth.completeMfaSignIn({
      challengeToken: second.challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    expect(viaBackup).toMatchObject({ ok: true, backupCodesRemaining: 9 });
  });

  it('refuses passkey options and a passkey proof for that challenge, even one with user verification', async () => {
    const { h, victim, passkeySignIn, sessionCount } = setup();
    const user = await victim();
    const signIn = await passkeySignIn(user.key);
    if (!signIn.ok || signIn.status !== 'mfa_required') throw new Error('expected mfa_required');
    const { challengeToken } = signIn;
    expect(await h.auth.beginPasskeyMfaSignIn({ challengeToken })).toEqual({
      ok: false,
      reason: 'passkey_was_first_factor',
    });
    // A hostile client gets second-factor options elsewhere and answers them with the key.
    const options = await beginPasskeySecondFactor(h.deps, {
      userId: user.userId,
      requireUserVerification: false,
    });
    if (!options) throw new Error('the user has a passkey');
    for (const userVerification of [false, true]) {
      const response = await user.key.get(options, { origin, userVerification });
      const refused = await h.auth.completeMfaSignIn({
        challengeToken,
        proof: { method: 'webauthn', response },
      });
      expect(refused).toEqual({ ok: false, reason: 'invalid_code' });
    }
    expect(await sessionCount(user.userId)).toBe(0);
    expect(ofType(h.events, 'mfa.failed').slice(-3)).toEqual([
      expect.objectContaining({ reason: 'passkey_was_first_factor', userId: user.userId }),
      expect.objectContaining({ reason: 'passkey_was_first_factor', method: 'webauthn' }),
      expect.objectContaining({ reason: 'passkey_was_first_factor', method: 'webauthn' }),
    ]);
    // The challenge itself still completes with the second factor the user owes.
    const code = totpCode(user.secret, h.clock.now());
    const completed = await h.auth.completeMfaSignIn({
      challengeToken,
      proof: { method: 'totp', code },
    });
    expect(completed).toMatchObject({ ok: true, session: { aal: 'aal2' } });
  });

  it('a password sign-in’s challenge still takes the same key without user verification', async () => {
    const { h, victim } = setup();
    const user = await victim();
    const { challengeToken } = await passwordStep(h, user);
    const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken });
    if (!begun.ok) throw new Error(begun.reason);
    const response = await user.key.get(begun.options, { origin });
    const result = await h.auth.completeMfaSignIn({
      challengeToken,
      proof: { method: 'webauthn', response },
    });
    expect(result).toMatchObject({ ok: true, session: { aal: 'aal2' } });
  });

  it('a banned owner gets account_banned, and no challenge', async () => {
    const { h, victim, passkeySignIn } = setup();
    const user = await victim();
    await h.auth.banUser({ userId: user.userId });
    expect(await passkeySignIn(user.key)).toEqual({ ok: false, reason: 'account_banned' });
    expect(await h.repos.verificationTokens.findLatest(user.userId, 'passkey_mfa_challenge')).toBe(
      null,
    );
  });
});

describe('user verification decides what a passkey sign-in proves', () => {
  it('with user verification an MFA user signs in at aal2 in one step', async () => {
    const { victim, passkeySignIn } = setup();
    const user = await victim();
    const result = await passkeySignIn(user.key, true);
    expect(result).toMatchObject({ ok: true, status: 'signed_in', session: { aal: 'aal2' } });
  });

  it('a user without MFA still signs in at aal1 without user verification', async () => {
    const { h, addPasskey, passkeySignIn } = setup();
    const user = await h.user();
    const key = softAuthenticator({ userVerification: false });
    await addPasskey(user.userId, key);
    const result = await passkeySignIn(key);
    expect(result).toMatchObject({ ok: true, status: 'signed_in', session: { aal: 'aal1' } });
  });
});

describe('outside the sign-in step a passkey proof must carry user verification', () => {
  it('step-up: refused without it (audited), accepted with it', async () => {
    const { h, victim, stepUpAnswer, session } = setup();
    const user = await victim();
    const sessionId = await session(user.userId);
    const unverified = await stepUpAnswer(user.userId, sessionId, user.key);
    const refused = await h.auth.stepUpSession({
      userId: user.userId,
      sessionId,
      proof: { method: 'webauthn', response: unverified },
    });
    expect(refused).toEqual({ ok: false, reason: 'invalid_code' });
    expect(ofType(h.events, 'mfa.failed').at(-1)).toMatchObject({
      method: 'webauthn',
      purpose: 'step_up',
      reason: 'user_not_verified',
    });
    // The refused assertion was spent: it cannot be replayed either.
    const replayed = await h.auth.stepUpSession({
      userId: user.userId,
      sessionId,
      proof: { method: 'webauthn', response: unverified },
    });
    expect(replayed).toEqual({ ok: false, reason: 'invalid_code' });

    const verified = await stepUpAnswer(user.userId, sessionId, user.key, true);
    const result = await h.auth.stepUpSession({
      userId: user.userId,
      sessionId,
      proof: { method: 'webauthn', response: verified },
    });
    expect(result).toMatchObject({ ok: true, session: { aal: 'aal2' } });
  });

  it('disableMfa: refused without it, so MFA stays on and no session ends; works with it', async () => {
    const { h, victim, stepUpAnswer, session, sessionCount } = setup();
    const user = await victim();
    const sessionId = await session(user.userId);
    await session(user.userId);
    const unverified = await stepUpAnswer(user.userId, sessionId, user.key);
    const refused = await h.auth.disableMfa({
      userId: user.userId,
      currentSessionId: sessionId,
      proof: { method: 'webauthn', response: unverified },
    });
    expect(refused).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({ totp: 'enabled' });
    expect(await sessionCount(user.userId)).toBe(2);

    const verified = await stepUpAnswer(user.userId, sessionId, user.key, true);
    const disabled = await h.auth.disableMfa({
      userId: user.userId,
      currentSessionId: sessionId,
      proof: { method: 'webauthn', response: verified },
    });
    expect(disabled).toMatchObject({ ok: true });
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({ totp: 'none' });
  });

  it('regenerateBackupCodes: refused without it; works with it', async () => {
    const { h, victim, stepUpAnswer, session } = setup();
    const user = await victim();
    const sessionId = await session(user.userId);
    const unverified = await stepUpAnswer(user.userId, sessionId, user.key);
    expect(
      await h.auth.regenerateBackupCodes({
        userId: user.userId,
        proof: { method: 'webauthn', response: unverified },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
    expect(ofType(h.events, 'mfa.failed').at(-1)).toMatchObject({
      purpose: 'regenerate_backup_codes',
      reason: 'user_not_verified',
    });
    const verified = await stepUpAnswer(user.userId, sessionId, user.key, true);
    const regenerated = await h.auth.regenerateBackupCodes({
      userId: user.userId,
      proof: { method: 'webauthn', response: verified },
    });
    expect(regenerated.ok && regenerated.backupCodes).toHaveLength(10);
  });

  it('re-enrolling TOTP: refused without it; works with it', async () => {
    const { h, victim, stepUpAnswer } = setup();
    const user = await victim();
    // Re-enrolment needs a recent session: a fresh one.
    const created = await h.auth.internal.createSession({ userId: user.userId, aal: 'aal2' });
    if (!created) throw new Error('no session');
    const currentSessionId = created.session.id;
    const unverified = await stepUpAnswer(user.userId, currentSessionId, user.key);
    const refused = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId,
      proof: { method: 'webauthn', response: unverified },
    });
    expect(refused).toEqual({ ok: false, reason: 'invalid_code' });
    expect(ofType(h.events, 'mfa.failed').at(-1)).toMatchObject({
      purpose: 'enrol',
      reason: 'user_not_verified',
    });
    const verified = await stepUpAnswer(user.userId, currentSessionId, user.key, true);
    const enrolled = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId,
      proof: { method: 'webauthn', response: verified },
    });
    expect(enrolled).toMatchObject({ ok: true });
  });
});

describe('the reviewer’s takeover with a stolen PIN-less key', () => {
  it('no session from the key alone, so no step-up to aal2', async () => {
    const { victim, passkeySignIn } = setup();
    const user = await victim();
    const signIn = await passkeySignIn(user.key);
    expect(signIn).toMatchObject({ ok: true, status: 'mfa_required' });
    expect(signIn).not.toHaveProperty('sessionToken');
    expect(signIn).not.toHaveProperty('session');
  });

  it('from the victim’s own aal1 session, the key neither steps up nor disables MFA', async () => {
    const { h, victim, stepUpAnswer, session, sessionCount } = setup();
    const user = await victim();
    const sessionId = await session(user.userId);
    const stepUp = await h.auth.stepUpSession({
      userId: user.userId,
      sessionId,
      proof: {
        method: 'webauthn',
        response: await stepUpAnswer(user.userId, sessionId, user.key),
      },
    });
    expect(stepUp.ok).toBe(false);
    const disable = await h.auth.disableMfa({
      userId: user.userId,
      currentSessionId: sessionId,
      proof: {
        method: 'webauthn',
        response: await stepUpAnswer(user.userId, sessionId, user.key),
      },
    });
    expect(disable.ok).toBe(false);
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({ totp: 'enabled' });
    expect(await sessionCount(user.userId)).toBe(1);
    expect((await h.auth.listSessions({ userId: user.userId }))[0]?.aal).toBe('aal1');
  });
});
