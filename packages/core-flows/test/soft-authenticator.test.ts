/**
 * The soft authenticator of `@portcullis/core/testing` against core's passkey ceremonies:
 * every response it makes is verified for real by `@simplewebauthn/server`, and its attack
 * knobs produce the refusals they are meant to.
 */
import type { AuthEvent } from '@portcullis/core';
import type { PasskeyConfigInput } from '@portcullis/core/passkeys';
import {
  beginPasskeyRegistration,
  beginPasskeySecondFactor,
  beginPasskeySignIn,
  finishPasskeyRegistration,
  finishPasskeySignIn,
  verifyPasskeySecondFactor,
} from '@portcullis/core/passkeys';
import type { SoftAuthenticator, SoftAuthenticatorOptions } from '@portcullis/core/testing';
import { softAuthenticator } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { passkeyHarness } from './passkeys-harness.ts';

const ORIGIN = 'https://app.portcullis.test';
const RP = {
  rpId: 'portcullis.test',
  rpName: 'Portcullis test',
  origins: [ORIGIN],
  userVerification: 'preferred',
} as const satisfies PasskeyConfigInput;

type Failed = Extract<AuthEvent, { type: 'passkey.failed' }>;
const lastFailure = (events: readonly AuthEvent[]) =>
  events.filter((e): e is Failed => e.type === 'passkey.failed').at(-1);

function setup(settings: Partial<PasskeyConfigInput> = {}) {
  const h = passkeyHarness({ ...RP, ...settings });
  /** A verified user holding a passkey registered through the ceremonies. */
  async function userWithPasskey(options: SoftAuthenticatorOptions = {}) {
    const { userId, sessionId } = await h.user();
    const authenticator = softAuthenticator(options);
    const registered = await register({ userId, sessionId }, authenticator);
    if (!registered.ok) throw new Error(`registration failed: ${registered.reason}`);
    return { userId, sessionId, authenticator, passkey: registered.passkey };
  }
  async function register(
    { userId, sessionId }: { userId: string; sessionId: string },
    authenticator: SoftAuthenticator,
    origin = ORIGIN,
  ) {
    const currentSessionId = sessionId;
    const begun = await beginPasskeyRegistration(h.deps, { userId, currentSessionId });
    if (!begun.ok) throw new Error(`begin failed: ${begun.reason}`);
    const response = await authenticator.create(begun.options, { origin });
    return finishPasskeyRegistration(h.deps, { userId, currentSessionId, response });
  }
  async function signInOptions() {
    const begun = await beginPasskeySignIn(h.deps);
    if (!begun.ok) throw new Error('passkeys disabled');
    return begun.options;
  }
  return { ...h, userWithPasskey, register, signInOptions };
}

describe('soft authenticator: genuine responses', () => {
  it('registers, then signs in usernameless at aal2 with user verification', async () => {
    const h = setup();
    const { userId, authenticator } = await h.userWithPasskey();
    const [held] = authenticator.credentials();
    const [stored] = await h.repo.listByUser(userId);
    expect(stored?.credentialId).toBe(held?.credentialId);
    expect(held).toMatchObject({ rpId: RP.rpId, discoverable: true, signCount: 0 });

    const options = await h.signInOptions();
    expect(options.allowCredentials ?? []).toEqual([]);
    const response = await authenticator.get(options, { origin: ORIGIN });
    const signedIn = await finishPasskeySignIn(h.deps, { response });
    expect(signedIn).toMatchObject({ ok: true, user: { id: userId }, session: { aal: 'aal2' } });
    expect((await h.repo.findByCredentialId(held?.credentialId ?? ''))?.counter).toBe(1);
  });

  it('signs in at aal1 without user verification, and refuses that when UV is required', async () => {
    const h = setup();
    const { authenticator } = await h.userWithPasskey({ userVerification: false });
    const response = await authenticator.get(await h.signInOptions(), { origin: ORIGIN });
    expect(await finishPasskeySignIn(h.deps, { response })).toMatchObject({
      ok: true,
      session: { aal: 'aal1' },
    });

    const strict = setup({ userVerification: 'required' });
    const refused = await strict.register(
      await strict.user(),
      softAuthenticator({ userVerification: false }),
    );
    expect(refused).toEqual({ ok: false, reason: 'verification_failed' });
  });

  it('answers a second-factor request from allowCredentials; another user’s key fails', async () => {
    const h = setup();
    const alice = await h.userWithPasskey();
    const bob = await h.userWithPasskey();
    const forAlice = await beginPasskeySecondFactor(h.deps, {
      userId: alice.userId,
      requireUserVerification: true,
    });
    if (!forAlice) throw new Error('alice has passkeys');
    const response = await alice.authenticator.get(forAlice, { origin: ORIGIN });
    expect(
      await verifyPasskeySecondFactor(h.deps, {
        userId: alice.userId,
        response,
        requireUserVerification: true,
      }),
    ).toBe('passed');

    const again = await beginPasskeySecondFactor(h.deps, {
      userId: alice.userId,
      requireUserVerification: true,
    });
    if (!again) throw new Error('alice has passkeys');
    // A browser would offer none of Bob's keys here; a hostile client answers with one.
    await expect(bob.authenticator.get(again, { origin: ORIGIN })).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    const [bobsKey] = bob.authenticator.credentials();
    const forged = await bob.authenticator.get(again, {
      origin: ORIGIN,
      credentialId: bobsKey?.credentialId ?? '',
    });
    expect(
      await verifyPasskeySecondFactor(h.deps, {
        userId: alice.userId,
        response: forged,
        requireUserVerification: true,
      }),
    ).toBe('invalid');
    expect(lastFailure(h.events)).toMatchObject({ reason: 'wrong_user' });
  });

  it('reports synced passkeys with backup flags and a counter that stays 0', async () => {
    const h = setup();
    const { userId, authenticator } = await h.userWithPasskey({ backedUp: true, counter: 'zero' });
    expect((await h.repo.listByUser(userId))[0]).toMatchObject({
      backedUp: true,
      multiDevice: true,
    });
    for (const _ of [1, 2]) {
      const response = await authenticator.get(await h.signInOptions(), { origin: ORIGIN });
      expect((await finishPasskeySignIn(h.deps, { response })).ok).toBe(true);
    }
    expect(authenticator.credentials()[0]?.signCount).toBe(0);
  });

  it('refuses to register twice where the options exclude its credential', async () => {
    const h = setup();
    const owner = await h.userWithPasskey();
    await expect(h.register(owner, owner.authenticator)).rejects.toMatchObject({
      name: 'InvalidStateError',
    });
  });
});

describe('soft authenticator: attacks are refused', () => {
  it('a tampered signature', async () => {
    const h = setup();
    const { authenticator } = await h.userWithPasskey();
    const response = await authenticator.get(await h.signInOptions(), { origin: ORIGIN });
    const signature = response.response.signature;
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const tampered = { ...response, response: { ...response.response, signature: flipped } };
    expect(await finishPasskeySignIn(h.deps, { response: tampered })).toEqual({
      ok: false,
      reason: 'invalid_passkey',
    });
    expect(lastFailure(h.events)).toMatchObject({ reason: 'verification_failed' });
  });

  it('a wrong origin or rpId, at registration and at sign-in', async () => {
    const h = setup();
    const phished = await h.register(
      await h.user(),
      softAuthenticator(),
      'https://portcullis.evil',
    );
    expect(phished).toEqual({ ok: false, reason: 'verification_failed' });

    const { authenticator } = await h.userWithPasskey();
    for (const ceremony of [
      { origin: 'https://portcullis.evil' },
      { origin: ORIGIN, rpId: 'evil.test' },
    ]) {
      const response = await authenticator.get(await h.signInOptions(), ceremony);
      expect(await finishPasskeySignIn(h.deps, { response })).toEqual({
        ok: false,
        reason: 'invalid_passkey',
      });
      expect(lastFailure(h.events)).toMatchObject({ reason: 'verification_failed' });
    }
  });

  it('a replayed assertion', async () => {
    const h = setup();
    const { authenticator } = await h.userWithPasskey();
    const response = await authenticator.get(await h.signInOptions(), { origin: ORIGIN });
    expect((await finishPasskeySignIn(h.deps, { response })).ok).toBe(true);
    expect((await finishPasskeySignIn(h.deps, { response })).ok).toBe(false);
    expect(lastFailure(h.events)).toMatchObject({ reason: 'invalid_challenge' });
  });

  it('a cloned authenticator, once the original has moved the counter on', async () => {
    const h = setup();
    const { authenticator } = await h.userWithPasskey();
    const clone = authenticator.clone();
    const original = await authenticator.get(await h.signInOptions(), { origin: ORIGIN });
    expect((await finishPasskeySignIn(h.deps, { response: original })).ok).toBe(true);
    const copied = await clone.get(await h.signInOptions(), { origin: ORIGIN });
    expect((await finishPasskeySignIn(h.deps, { response: copied })).ok).toBe(false);
    expect(lastFailure(h.events)).toMatchObject({ reason: 'counter_regression' });
  });
});
