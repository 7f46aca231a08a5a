/**
 * Passkey ceremonies replaying recorded genuine WebAuthn responses (webauthn-fixtures.ts):
 * the successes, and each refusal the issue lists.
 */
import type { AuthEvent } from '@portcullis/core';
import {
  beginPasskeyRegistration,
  beginPasskeySecondFactor,
  beginPasskeySignIn,
  finishPasskeyRegistration,
  finishPasskeySignIn,
  verifyPasskeySecondFactor,
} from '@portcullis/core/passkeys';
import { describe, expect, it } from 'vitest';
import { passkeyHarness } from './passkeys-harness.ts';
import {
  assertion144,
  assertionZero,
  registrationNone,
  registrationPacked,
} from './webauthn-fixtures.ts';

type Failed = Extract<AuthEvent, { type: 'passkey.failed' }>;

function lastFailure(events: readonly AuthEvent[]): Failed | undefined {
  return events.filter((e): e is Failed => e.type === 'passkey.failed').at(-1);
}

describe('passkey registration', () => {
  it('stores the credential id and key of the verified attestation', async () => {
    const h = passkeyHarness({ userVerification: 'required' });
    const { userId, sessionId } = await h.user();
    await h.seedChallenge(registrationNone.challenge, 'registration', userId);
    const result = await finishPasskeyRegistration(h.deps, {
      userId,
      currentSessionId: sessionId,
      response: registrationNone.response,
      name: 'Laptop',
    });
    expect(result).toMatchObject({ ok: true, passkey: { name: 'Laptop', lastUsedAt: null } });
    const [stored] = await h.repo.listByUser(userId);
    expect(stored?.credentialId).toBe(registrationNone.credentialId);
    expect(stored?.publicKey).toBe(registrationNone.publicKey);
    expect(stored?.counter).toBe(0);
    expect(h.events.at(-1)).toMatchObject({ type: 'passkey.registered', userId });
  });

  it('never stores the id the client sent beside the attestation', async () => {
    const h = passkeyHarness();
    const { userId, sessionId } = await h.user();
    await h.seedChallenge(registrationPacked.challenge, 'registration', userId);
    const result = await finishPasskeyRegistration(h.deps, {
      userId,
      currentSessionId: sessionId,
      response: registrationPacked.response,
    });
    expect(result.ok).toBe(true);
    expect(await h.repo.findByCredentialId('bbb')).toBeNull();
    expect(await h.repo.findByCredentialId(registrationPacked.credentialId)).not.toBeNull();
  });

  it('refuses a reused challenge, and another user’s challenge', async () => {
    const h = passkeyHarness();
    const alice = await h.user();
    const bob = await h.user();
    await h.seedChallenge(registrationNone.challenge, 'registration', alice.userId);
    const asBob = await finishPasskeyRegistration(h.deps, {
      userId: bob.userId,
      currentSessionId: bob.sessionId,
      response: registrationNone.response,
    });
    expect(asBob).toEqual({ ok: false, reason: 'invalid_challenge' });
    // Bob's attempt spent it: Alice must begin again.
    const asAlice = await finishPasskeyRegistration(h.deps, {
      userId: alice.userId,
      currentSessionId: alice.sessionId,
      response: registrationNone.response,
    });
    expect(asAlice).toEqual({ ok: false, reason: 'invalid_challenge' });
    expect(await h.repo.listByUser(alice.userId)).toEqual([]);
  });

  it('refuses a credential that is already registered', async () => {
    const h = passkeyHarness();
    const { userId, sessionId } = await h.user();
    for (const expected of [true, false]) {
      await h.seedChallenge(registrationNone.challenge, 'registration', userId);
      const result = await finishPasskeyRegistration(h.deps, {
        userId,
        currentSessionId: sessionId,
        response: registrationNone.response,
      });
      expect(result.ok).toBe(expected);
    }
    expect(lastFailure(h.events)?.reason).toBe('credential_exists');
  });

  it('offers options that exclude the user’s passkeys and prefer a resident key', async () => {
    const h = passkeyHarness();
    const { userId, sessionId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 0,
    });
    const begun = await beginPasskeyRegistration(h.deps, { userId, currentSessionId: sessionId });
    if (!begun.ok) throw new Error(begun.reason);
    expect(begun.options.excludeCredentials?.map((c) => c.id)).toEqual([assertion144.response.id]);
    expect(begun.options.authenticatorSelection?.residentKey).toBe('preferred');
    expect(begun.options.rp.id).toBe('dev.dontneeda.pw');
    // 256 bits of challenge, and a second call gets another one.
    expect(begun.options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await beginPasskeyRegistration(h.deps, { userId, currentSessionId: sessionId });
    expect(again.ok && again.options.challenge).not.toBe(begun.options.challenge);
  });
});

describe('passkey registration needs a recent session of the user', () => {
  it('begin refuses a session older than mfa.recentSignIn, and another user’s', async () => {
    const h = passkeyHarness();
    const alice = await h.user();
    const bob = await h.user();
    const asBob = await beginPasskeyRegistration(h.deps, {
      userId: alice.userId,
      currentSessionId: bob.sessionId,
    });
    expect(asBob).toEqual({ ok: false, reason: 'recent_sign_in_required' });
    h.clock.advance(h.deps.config.mfa.recentSignIn + 1);
    const stale = await beginPasskeyRegistration(h.deps, {
      userId: alice.userId,
      currentSessionId: alice.sessionId,
    });
    expect(stale).toEqual({ ok: false, reason: 'recent_sign_in_required' });
    // No challenge was issued for either refusal.
    expect(await h.repo.deleteExpiredChallenges(new Date(8.64e15))).toBe(0);
  });

  it('finish refuses once the session is no longer recent, and the challenge is spent', async () => {
    const h = passkeyHarness();
    const { userId, sessionId, email, password } = await h.user();
    h.clock.advance(h.deps.config.mfa.recentSignIn + 1);
    await h.seedChallenge(registrationNone.challenge, 'registration', userId);
    const input = { userId, currentSessionId: sessionId, response: registrationNone.response };
    expect(await finishPasskeyRegistration(h.deps, input)).toEqual({
      ok: false,
      reason: 'recent_sign_in_required',
    });
    expect(lastFailure(h.events)?.reason).toBe('recent_sign_in_required');
    expect(await h.repo.listByUser(userId)).toEqual([]);
    const fresh = await h.auth.signIn({ email, password });
    if (!fresh.ok || fresh.status !== 'signed_in') throw new Error('sign-in failed');
    const retried = await finishPasskeyRegistration(h.deps, {
      ...input,
      currentSessionId: fresh.session.id,
    });
    expect(retried).toEqual({ ok: false, reason: 'invalid_challenge' });
  });

  it('an ended session registers nothing', async () => {
    const h = passkeyHarness();
    const { userId, sessionId } = await h.user();
    await h.auth.revokeSession({ userId, sessionId });
    const begun = await beginPasskeyRegistration(h.deps, { userId, currentSessionId: sessionId });
    expect(begun).toEqual({ ok: false, reason: 'recent_sign_in_required' });
  });
});

describe('passkey sign-in (usernameless)', () => {
  async function withCredential(counter = assertion144.counter) {
    const h = passkeyHarness();
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter,
    });
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    return { h, userId };
  }

  it('signs the owner in and records the new counter', async () => {
    const { h, userId } = await withCredential();
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    if (!result.ok || result.status !== 'signed_in') throw new Error('expected a session');
    expect(result.user.id).toBe(userId);
    // No user verification in this assertion: one factor.
    expect(result.session.aal).toBe('aal1');
    const stored = await h.repo.findByCredentialId(assertion144.response.id);
    expect(stored?.counter).toBe(144);
    expect(stored?.lastUsedAt).toEqual(h.clock.now());
    expect(h.events.at(-1)).toMatchObject({ type: 'user.signed_in', userId, aal: 'aal1' });
    await expect(
      h.auth.validateSession({ sessionToken: result.sessionToken }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('offers no allowCredentials', async () => {
    const h = passkeyHarness();
    const begun = await beginPasskeySignIn(h.deps);
    if (!begun.ok) throw new Error(begun.reason);
    expect(begun.options.allowCredentials ?? []).toEqual([]);
    expect(begun.options.rpId).toBe('dev.dontneeda.pw');
  });

  it('accepts 0 → 0 from an authenticator that does not count', async () => {
    const h = passkeyHarness();
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertionZero.response.id,
      publicKey: assertionZero.publicKey,
      counter: 0,
    });
    await h.seedChallenge(assertionZero.challenge, 'sign_in');
    const result = await finishPasskeySignIn(h.deps, { response: assertionZero.response });
    expect(result.ok).toBe(true);
  });

  it('refuses a reused challenge', async () => {
    const { h } = await withCredential();
    expect((await finishPasskeySignIn(h.deps, { response: assertion144.response })).ok).toBe(true);
    const replay = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(replay).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('invalid_challenge');
  });

  it('refuses an expired challenge, and spends it', async () => {
    const { h } = await withCredential();
    h.clock.advance(h.ttlMs / 1000);
    const late = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(late).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('invalid_challenge');
  });

  it('refuses a challenge issued for another ceremony', async () => {
    const h = passkeyHarness();
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    await h.seedChallenge(assertion144.challenge, 'registration', userId);
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('invalid_challenge');
  });

  it('refuses a response from an origin that is not allowed', async () => {
    const h = passkeyHarness({ origins: ['https://app.dev.dontneeda.pw'] });
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)).toMatchObject({ reason: 'verification_failed', userId });
    expect((await h.repo.findByCredentialId(assertion144.response.id))?.counter).toBe(143);
  });

  it('refuses a response made for another rpID', async () => {
    const h = passkeyHarness({ rpId: 'dontneeda.pw' });
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('verification_failed');
  });

  it('refuses an unknown credential', async () => {
    const h = passkeyHarness();
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('unknown_credential');
  });

  it('refuses a signature by the right key presented under another credential id', async () => {
    const h = passkeyHarness();
    const alice = await h.user();
    const bob = await h.user();
    await h.seedCredential(alice.userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    // Bob's credential has another key; Alice's signed response claims Bob's id.
    await h.seedCredential(bob.userId, {
      credentialId: assertionZero.response.id,
      publicKey: assertionZero.publicKey,
      counter: 0,
    });
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    const forged = {
      ...assertion144.response,
      id: assertionZero.response.id,
      rawId: assertionZero.response.id,
    };
    const result = await finishPasskeySignIn(h.deps, { response: forged });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)).toMatchObject({
      reason: 'verification_failed',
      userId: bob.userId,
    });
  });

  it('refuses a user handle that names another user', async () => {
    const { h } = await withCredential();
    const other = await h.user();
    const response = {
      ...assertion144.response,
      response: {
        ...assertion144.response.response,
        userHandle: Buffer.from(other.userId).toString('base64url'),
      },
    };
    const result = await finishPasskeySignIn(h.deps, { response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('wrong_user');
  });

  it.each([144, 200])('refuses a counter that does not increase past %i', async (stored) => {
    const { h } = await withCredential(stored);
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('counter_regression');
    expect((await h.repo.findByCredentialId(assertion144.response.id))?.counter).toBe(stored);
  });

  it('refuses a banned owner', async () => {
    const { h, userId } = await withCredential();
    await h.auth.banUser({ userId, reason: 'test' });
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'account_banned' });
  });

  it('refuses user presence alone when user verification is required', async () => {
    const h = passkeyHarness({ userVerification: 'required' });
    const { userId } = await h.user();
    await h.seedCredential(userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    await h.seedChallenge(assertion144.challenge, 'sign_in');
    const result = await finishPasskeySignIn(h.deps, { response: assertion144.response });
    expect(result).toEqual({ ok: false, reason: 'invalid_passkey' });
    expect(lastFailure(h.events)?.reason).toBe('verification_failed');
  });

  it('throws InputError for a response that is not an object', async () => {
    const h = passkeyHarness();
    await expect(
      // @ts-expect-error: a JavaScript caller passing a string
      finishPasskeySignIn(h.deps, { response: 'nope' }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('passkey as second factor', () => {
  it('passes for the challenge’s user and refuses another user’s credential', async () => {
    const h = passkeyHarness();
    const alice = await h.user();
    const bob = await h.user();
    await h.seedCredential(alice.userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    await h.seedChallenge(assertion144.challenge, 'second_factor', bob.userId);
    const asBob = await verifyPasskeySecondFactor(h.deps, {
      userId: bob.userId,
      response: assertion144.response,
      requireUserVerification: false,
    });
    expect(asBob).toBe('invalid');
    expect(lastFailure(h.events)).toMatchObject({ reason: 'wrong_user', userId: bob.userId });

    await h.seedChallenge(assertion144.challenge, 'second_factor', alice.userId);
    const asAlice = await verifyPasskeySecondFactor(h.deps, {
      userId: alice.userId,
      response: assertion144.response,
      requireUserVerification: false,
    });
    expect(asAlice).toBe('passed');
  });

  it('lists the user’s passkeys in allowCredentials, and none for a user without', async () => {
    const h = passkeyHarness();
    const alice = await h.user();
    const bob = await h.user();
    await h.seedCredential(alice.userId, {
      credentialId: assertion144.response.id,
      publicKey: assertion144.publicKey,
      counter: 143,
    });
    const options = await beginPasskeySecondFactor(h.deps, {
      userId: alice.userId,
      requireUserVerification: false,
    });
    expect(options?.allowCredentials?.map((c) => c.id)).toEqual([assertion144.response.id]);
    expect(options?.userVerification).toBe('discouraged');
    const strict = await beginPasskeySecondFactor(h.deps, {
      userId: alice.userId,
      requireUserVerification: true,
    });
    expect(strict?.userVerification).toBe('required');
    expect(
      await beginPasskeySecondFactor(h.deps, {
        userId: bob.userId,
        requireUserVerification: false,
      }),
    ).toBeNull();
  });
});

describe('passkey challenges and prune', () => {
  it('prune deletes expired challenges only', async () => {
    const h = passkeyHarness();
    await beginPasskeySignIn(h.deps);
    h.clock.advance(h.ttlMs / 1000);
    await beginPasskeySignIn(h.deps);
    expect((await h.auth.prune()).passkeyChallenges).toBe(1);
    expect((await h.auth.prune()).passkeyChallenges).toBe(0);
  });
});

describe('flows.passkeys off', () => {
  it('answers disabled before reading input or storage', async () => {
    const h = passkeyHarness();
    const off = passkeyHarness();
    const deps = {
      ...off.deps,
      config: { ...off.deps.config, flows: { ...off.deps.config.flows, passkeys: false } },
    };
    const { userId, sessionId } = await h.user();
    const disabled = { ok: false, reason: 'disabled' };
    expect(await beginPasskeySignIn(deps)).toEqual(disabled);
    // Garbage input is not even looked at.
    // @ts-expect-error: a JavaScript caller passing a string
    expect(await finishPasskeySignIn(deps, { response: 'nope' })).toEqual(disabled);
    expect(await beginPasskeyRegistration(deps, { userId, currentSessionId: sessionId })).toEqual(
      disabled,
    );
    expect(
      // @ts-expect-error: a JavaScript caller passing a string
      await finishPasskeyRegistration(deps, { userId: '', response: 'nope' }),
    ).toEqual(disabled);
    expect(await off.repo.deleteExpiredChallenges(new Date(8.64e15))).toBe(0);
  });
});
