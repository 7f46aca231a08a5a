/**
 * Passkey flow wiring: the test harness plus a memory passkey repository and settings for
 * the fixtures' relying party, and helpers that put a fixture's challenge or credential in
 * the store as the ceremonies would have.
 */
import { createHash } from 'node:crypto';
import type { PasskeyCeremony, PasskeyCredentialRecord } from '@portcullis/core';
import type { PasskeyConfigInput } from '@portcullis/core/passkeys';
import { signedInUser, testAuth } from './harness.ts';

export const RP = {
  rpId: 'dev.dontneeda.pw',
  rpName: 'Portcullis test',
  origins: ['https://dev.dontneeda.pw'],
  // The recorded assertions were made without user verification.
  userVerification: 'discouraged',
} as const satisfies PasskeyConfigInput;

export function passkeyHarness(settings: Partial<PasskeyConfigInput> = {}) {
  const harness = testAuth({ configOverrides: { passkeys: { ...RP, ...settings } } });
  const repo = harness.deps.repos.passkeys;
  const deps = harness.deps;
  const ttlMs = deps.config.passkeys.challengeTtl * 1000;
  /** Stores `challenge` as if `ceremony` had issued it (to `userId`) now. */
  async function seedChallenge(
    challenge: string,
    ceremony: PasskeyCeremony,
    userId: string | null = null,
  ): Promise<void> {
    const now = harness.clock.now();
    await repo.saveChallenge({
      challengeHash: createHash('sha256').update(challenge).digest('hex'),
      ceremony,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
  }
  /** Stores a credential for `userId` as if it had been registered. */
  async function seedCredential(
    userId: string,
    fields: Pick<PasskeyCredentialRecord, 'credentialId' | 'publicKey' | 'counter'>,
  ): Promise<PasskeyCredentialRecord> {
    const record: PasskeyCredentialRecord = {
      id: `pk-${crypto.randomUUID()}`,
      userId,
      ...fields,
      transports: [],
      multiDevice: false,
      backedUp: false,
      name: 'Passkey',
      createdAt: harness.clock.now(),
      lastUsedAt: null,
    };
    if (!(await repo.createCredential(record))) throw new Error('credential exists');
    return record;
  }
  /** A verified user signed in now: `sessionId` is recent enough to register a passkey. */
  const user = async () => {
    const signedIn = await signedInUser(harness);
    return { ...signedIn, sessionId: signedIn.session.id };
  };
  return { ...harness, deps, repo, ttlMs, seedChallenge, seedCredential, user };
}

export type PasskeyHarness = ReturnType<typeof passkeyHarness>;
