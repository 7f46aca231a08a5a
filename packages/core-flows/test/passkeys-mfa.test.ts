/**
 * A passkey as the second factor of two-factor sign-in and of step-up, through the soft
 * authenticator: the gate, the options of a pending MFA challenge, and the attacks
 * (another user's passkey, replay, expiry, the attempt limit, racing completions).
 */
import type { AuthEvent } from '@portcullis/core';
import { completeMfaSignIn, repositorySecondFactorGate } from '@portcullis/core';
import type { PasskeyConfigInput } from '@portcullis/core/passkeys';
import { beginPasskeyRegistration, finishPasskeyRegistration } from '@portcullis/core/passkeys';
import type { SoftAuthenticator } from '@portcullis/core/testing';
import { softAuthenticator } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { mfaUser, passwordStep } from './mfa-harness.ts';
import { passkeyHarness } from './passkeys-harness.ts';

const origin = 'https://app.portcullis.test';
const RP = {
  rpId: 'portcullis.test',
  rpName: 'Portcullis test',
  origins: [origin],
  userVerification: 'preferred',
} as const satisfies PasskeyConfigInput;

function setup(settings: Partial<PasskeyConfigInput> = {}) {
  const h = passkeyHarness({ ...RP, ...settings });
  /** Registers a passkey for `userId` through the ceremonies, from a fresh session. */
  async function addPasskey(userId: string, authenticator = softAuthenticator()) {
    const signedIn = await h.auth.internal.createSession({ userId, aal: 'aal2' });
    if (!signedIn) throw new Error('no session');
    const currentSessionId = signedIn.session.id;
    const begun = await beginPasskeyRegistration(h.deps, { userId, currentSessionId });
    if (!begun.ok) throw new Error(`begin failed: ${begun.reason}`);
    const response = await authenticator.create(begun.options, { origin });
    const added = await finishPasskeyRegistration(h.deps, { userId, currentSessionId, response });
    if (!added.ok) throw new Error(`registration failed: ${added.reason}`);
    await h.auth.revokeSession({ userId, sessionId: currentSessionId });
    return authenticator;
  }
  /** A user with TOTP on and a passkey. */
  async function mfaUserWithPasskey() {
    const user = await mfaUser(h);
    const authenticator = await addPasskey(user.userId);
    return { ...user, authenticator };
  }
  /** The password step, then a passkey assertion for its challenge. */
  async function passkeyAnswer(
    user: { email: string; password: string },
    authenticator: SoftAuthenticator,
  ) {
    const { challengeToken, factors } = await passwordStep(h, user);
    const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken });
    if (!begun.ok) throw new Error(`options refused: ${begun.reason}`);
    const response = await authenticator.get(begun.options, { origin });
    return { challengeToken, factors, options: begun.options, response };
  }
  const complete = (challengeToken: string, response: unknown) =>
    h.auth.completeMfaSignIn({
      challengeToken,
      proof: { method: 'webauthn', response: response as never },
    });
  return { h, addPasskey, mfaUserWithPasskey, passkeyAnswer, complete };
}

const ofType = <T extends AuthEvent['type']>(events: readonly AuthEvent[], type: T) =>
  events.filter((event): event is Extract<AuthEvent, { type: T }> => event.type === type);

describe('the second-factor rule', () => {
  it('offers webauthn beside totp to an MFA user holding a passkey', async () => {
    const { h, mfaUserWithPasskey } = setup();
    const user = await mfaUserWithPasskey();
    const { factors } = await passwordStep(h, user);
    expect(factors).toEqual(['totp', 'webauthn', 'backup_code']);
  });

  it('a passkey alone does not turn two-factor sign-in on', async () => {
    const { h, addPasskey } = setup();
    const user = await h.user();
    await addPasskey(user.userId);
    const result = await h.auth.signIn({ email: user.email, password: user.password });
    expect(result).toMatchObject({ ok: true, status: 'signed_in' });
  });

  it('with passkeys off, the gate offers no webauthn and a passkey proof fails', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer } = setup();
    const user = await mfaUserWithPasskey();
    const { response } = await passkeyAnswer(user, user.authenticator);
    const offDeps = {
      ...h.deps,
      config: { ...h.deps.config, flows: { ...h.deps.config.flows, passkeys: false } },
    };
    const gate = repositorySecondFactorGate(h.deps.repos, offDeps.config);
    expect(await gate.activeFactors(user.userId)).toEqual(['totp', 'backup_code']);
    const { challengeToken } = await passwordStep(h, user);
    expect(
      await completeMfaSignIn(offDeps, {
        challengeToken,
        proof: { method: 'webauthn', response },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
  });
});

describe('passkey sign-in of an MFA user', () => {
  it('without user verification, the passkey is one factor: TOTP or a backup code follows', async () => {
    const { h, addPasskey } = setup();
    const user = await mfaUser(h);
    const authenticator = await addPasskey(
      user.userId,
      softAuthenticator({ userVerification: false }),
    );
    const begun = await h.auth.beginPasskeySignIn();
    if (!begun.ok) throw new Error(begun.reason);
    const response = await authenticator.get(begun.options, { origin });
    const result = await h.auth.finishPasskeySignIn({ response });
    if (!result.ok || result.status !== 'mfa_required') throw new Error('expected mfa_required');
    expect(result.factors).toEqual(['totp', 'backup_code']);
    expect(await h.auth.listSessions({ userId: user.userId })).toEqual([]);
    const completed = await h.auth.completeMfaSignIn({
      challengeToken: result.challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    expect(completed).toMatchObject({ ok: true, session: { aal: 'aal2' } });
  });

  it('with user verification, the passkey alone is two factors (aal2)', async () => {
    const { h, mfaUserWithPasskey } = setup();
    const user = await mfaUserWithPasskey();
    const begun = await h.auth.beginPasskeySignIn();
    if (!begun.ok) throw new Error(begun.reason);
    const response = await user.authenticator.get(begun.options, { origin });
    expect(await h.auth.finishPasskeySignIn({ response })).toMatchObject({
      ok: true,
      status: 'signed_in',
      session: { aal: 'aal2' },
    });
  });
});

describe('completeMfaSignIn with a passkey', () => {
  it('starts an aal2 session and records the method', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const user = await mfaUserWithPasskey();
    const { challengeToken, options, response } = await passkeyAnswer(user, user.authenticator);
    expect(options.allowCredentials).toHaveLength(1);
    const result = await complete(challengeToken, response);
    expect(result).toMatchObject({
      ok: true,
      session: { aal: 'aal2' },
      backupCodesRemaining: null,
    });
    expect(ofType(h.events, 'mfa.verified').at(-1)).toMatchObject({
      method: 'webauthn',
      purpose: 'sign_in',
      userId: user.userId,
    });
  });

  it('options neither spend nor count the MFA challenge', async () => {
    const { h, mfaUserWithPasskey, complete } = setup();
    const user = await mfaUserWithPasskey();
    const { challengeToken } = await passwordStep(h, user);
    const max = h.deps.config.mfa.challengeMaxAttempts;
    for (let i = 0; i < max + 2; i++) {
      expect((await h.auth.beginPasskeyMfaSignIn({ challengeToken })).ok).toBe(true);
    }
    const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken });
    if (!begun.ok) throw new Error(begun.reason);
    const response = await user.authenticator.get(begun.options, { origin });
    expect((await complete(challengeToken, response)).ok).toBe(true);
  });

  it('options refuse an unknown, junk, expired, completed or exhausted challenge alike', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const user = await mfaUserWithPasskey();
    const invalid = { ok: false, reason: 'invalid_challenge' };
    const options = (challengeToken: string) => h.auth.beginPasskeyMfaSignIn({ challengeToken });
    expect(await options('junk')).toEqual(invalid);
    expect(await options('A'.repeat(43))).toEqual(invalid);

    const done = await passkeyAnswer(user, user.authenticator);
    expect((await complete(done.challengeToken, done.response)).ok).toBe(true);
    expect(await options(done.challengeToken)).toEqual(invalid);

    const exhausted = await passwordStep(h, user);
    for (let i = 0; i < h.deps.config.mfa.challengeMaxAttempts; i++) {
      await h.auth.completeMfaSignIn({
        challengeToken: exhausted.challengeToken,
        proof: { method: 'backup_code', code: 'AAAA-AAAA-AAAA' },
      });
    }
    expect(await options(exhausted.challengeToken)).toEqual(invalid);

    const expiring = await passwordStep(h, user);
    h.clock.advance(h.deps.config.mfa.challengeTtl);
    expect(await options(expiring.challengeToken)).toEqual(invalid);
    expect(ofType(h.events, 'mfa.failed').at(-1)).toMatchObject({
      userId: null,
      method: 'webauthn',
      reason: 'invalid_challenge',
    });
  });

  it('answers no_passkey for an MFA user without one', async () => {
    const { h } = setup();
    const user = await mfaUser(h);
    const { challengeToken } = await passwordStep(h, user);
    expect(await h.auth.beginPasskeyMfaSignIn({ challengeToken })).toEqual({
      ok: false,
      reason: 'no_passkey',
    });
  });

  it("refuses another user's passkey, on either user's WebAuthn challenge", async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const alice = await mfaUserWithPasskey();
    const mallory = await mfaUserWithPasskey();
    // Mallory knows Alice's password and answers Alice's MFA step with her own passkey.
    const own = await passkeyAnswer(mallory, mallory.authenticator);
    const aliceStep = await passwordStep(h, alice);
    expect(await complete(aliceStep.challengeToken, own.response)).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    // …or signs Alice's WebAuthn challenge with her own credential.
    const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken: aliceStep.challengeToken });
    if (!begun.ok) throw new Error(begun.reason);
    const [credential] = (await h.deps.repos.passkeys.listByUser(mallory.userId)) ?? [];
    const forged = await mallory.authenticator.get(begun.options, {
      origin,
      credentialId: credential?.credentialId ?? '',
    });
    expect(await complete(aliceStep.challengeToken, forged)).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    expect(ofType(h.events, 'passkey.failed').at(-1)).toMatchObject({ reason: 'wrong_user' });
    expect(ofType(h.events, 'mfa.failed').at(-1)).toMatchObject({
      userId: alice.userId,
      method: 'webauthn',
      reason: 'invalid_passkey',
    });
  });

  it('refuses a replayed assertion', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const user = await mfaUserWithPasskey();
    const first = await passkeyAnswer(user, user.authenticator);
    expect((await complete(first.challengeToken, first.response)).ok).toBe(true);
    const again = await passwordStep(h, user);
    expect(await complete(again.challengeToken, first.response)).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    expect(ofType(h.events, 'passkey.failed').at(-1)).toMatchObject({
      reason: 'invalid_challenge',
    });
  });

  it('refuses an expired WebAuthn challenge while the MFA challenge lives', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup({ challengeTtl: 30 });
    const user = await mfaUserWithPasskey();
    const { challengeToken, response } = await passkeyAnswer(user, user.authenticator);
    h.clock.advance(31);
    expect(await complete(challengeToken, response)).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    // The MFA step goes on with fresh options.
    const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken });
    if (!begun.ok) throw new Error(begun.reason);
    const fresh = await user.authenticator.get(begun.options, { origin });
    expect((await complete(challengeToken, fresh)).ok).toBe(true);
  });

  it('counts failed assertions toward the per-user limit, then refuses even a valid one', async () => {
    const { h, mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const user = await mfaUserWithPasskey();
    const spent = await passkeyAnswer(user, user.authenticator);
    await complete(spent.challengeToken, spent.response);
    const reasons: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { challengeToken } = await passwordStep(h, user);
      for (let j = 0; j < 3; j++) {
        const result = await complete(challengeToken, spent.response);
        if (!result.ok) reasons.push(result.reason);
      }
    }
    const max = h.deps.config.mfa.maxFailures;
    expect(reasons.slice(0, max).every((reason) => reason === 'invalid_code')).toBe(true);
    expect(reasons.slice(max)).toEqual(['too_many_attempts', 'too_many_attempts']);
    const valid = await passkeyAnswer(user, user.authenticator);
    expect(await complete(valid.challengeToken, valid.response)).toEqual({
      ok: false,
      reason: 'too_many_attempts',
    });
  });

  it('makes one session of two valid assertions racing on one MFA challenge', async () => {
    const { h, mfaUserWithPasskey, addPasskey, complete } = setup();
    const user = await mfaUserWithPasskey();
    // Two passkeys, so the counter's compare-and-set cannot be what stops the second.
    const second = await addPasskey(user.userId);
    const { challengeToken } = await passwordStep(h, user);
    const responses = [];
    for (const authenticator of [user.authenticator, second]) {
      const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken });
      if (!begun.ok) throw new Error(begun.reason);
      responses.push(await authenticator.get(begun.options, { origin }));
    }
    const results = await Promise.all(responses.map((r) => complete(challengeToken, r)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({
      ok: false,
      reason: 'invalid_challenge',
    });
    expect(await h.auth.listSessions({ userId: user.userId })).toHaveLength(1);
  });

  it('refuses an oversized or misshapen response before any lookup', async () => {
    const { mfaUserWithPasskey, passkeyAnswer, complete } = setup();
    const user = await mfaUserWithPasskey();
    const { challengeToken, response } = await passkeyAnswer(user, user.authenticator);
    const huge = { ...response, response: { ...response.response, signature: 'A'.repeat(5000) } };
    await expect(complete(challengeToken, huge)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      issues: [{ field: 'response.response.signature', problem: 'too_long' }],
    });
    await expect(complete(challengeToken, { ...response, response: 'x' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    // Refused as input: the challenge was not counted, and the real answer still works.
    expect((await complete(challengeToken, response)).ok).toBe(true);
  });
});

describe('stepUpSession with a passkey', () => {
  it('replaces the session with an aal2 one', async () => {
    const { h, mfaUserWithPasskey } = setup();
    const user = await mfaUserWithPasskey();
    const created = await h.auth.internal.createSession({ userId: user.userId, aal: 'aal1' });
    if (!created) throw new Error('no session');
    const sessionId = created.session.id;
    const begun = await h.auth.beginPasskeyStepUp({ userId: user.userId, sessionId });
    if (!begun.ok) throw new Error(begun.reason);
    const response = await user.authenticator.get(begun.options, { origin });
    const result = await h.auth.stepUpSession({
      userId: user.userId,
      sessionId,
      proof: { method: 'webauthn', response },
    });
    expect(result).toMatchObject({ ok: true, session: { aal: 'aal2' } });
    expect(ofType(h.events, 'mfa.verified').at(-1)).toMatchObject({ purpose: 'step_up' });
  });

  it("refuses options for another user's session, or a user without MFA", async () => {
    const { h, mfaUserWithPasskey, addPasskey } = setup();
    const user = await mfaUserWithPasskey();
    const other = await h.user();
    await addPasskey(other.userId);
    expect(
      await h.auth.beginPasskeyStepUp({ userId: user.userId, sessionId: other.sessionId }),
    ).toEqual({ ok: false, reason: 'session_ended' });
    expect(
      await h.auth.beginPasskeyStepUp({ userId: other.userId, sessionId: other.sessionId }),
    ).toEqual({ ok: false, reason: 'mfa_not_enabled' });
  });
});
