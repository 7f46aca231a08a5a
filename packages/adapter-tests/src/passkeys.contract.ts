import type { PasskeyChallengeRecord, PasskeyCredentialRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, randomHash, uniqueTag } from './builders.ts';
import { givenUser } from './fixtures.ts';
import { anOAuthAccount } from './oauth-accounts.contract.ts';
import type { ReposAccessor } from './subject.ts';

/** A challenge issued at minute 0 that expires at minute 5. */
export function aPasskeyChallenge(
  overrides: Partial<PasskeyChallengeRecord> = {},
): PasskeyChallengeRecord {
  return {
    challengeHash: randomHash(),
    ceremony: 'sign_in',
    userId: null,
    createdAt: atMinute(0),
    expiresAt: atMinute(5),
    ...overrides,
  };
}

/** A passkey of `userId` with a fresh credential id. */
export function aPasskey(
  userId: string,
  overrides: Partial<PasskeyCredentialRecord> = {},
): PasskeyCredentialRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    credentialId: `cred-${uniqueTag()}`,
    publicKey: 'pQECAyYgASFYIA',
    counter: 0,
    transports: ['internal', 'hybrid'],
    multiDevice: true,
    backedUp: true,
    name: 'Laptop',
    createdAt: atMinute(0),
    lastUsedAt: null,
    ...overrides,
  };
}

/** `count` concurrent calls of `call`, all started before the first is awaited. */
function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** `PasskeyRepo`: single-use challenges with expiry, unique credentials, counter CAS. */
export function describePasskeyContract(repos: ReposAccessor): void {
  describe('passkeys', () => {
    it('consumes a challenge once, and not after it expired', async () => {
      const user = await givenUser(repos());
      const challenge = aPasskeyChallenge({ ceremony: 'registration', userId: user.id });
      await repos().passkeys.saveChallenge(challenge);
      expect(await repos().passkeys.consumeChallenge(challenge.challengeHash, atMinute(1))).toEqual(
        challenge,
      );
      expect(
        await repos().passkeys.consumeChallenge(challenge.challengeHash, atMinute(1)),
      ).toBeNull();

      const late = aPasskeyChallenge();
      await repos().passkeys.saveChallenge(late);
      expect(await repos().passkeys.consumeChallenge(late.challengeHash, atMinute(5))).toBeNull();
      expect(
        await repos().passkeys.consumeChallenge(aPasskeyChallenge().challengeHash, atMinute(1)),
      ).toBeNull();
    });

    it('of concurrent consumptions of one challenge, exactly one gets it', async () => {
      const challenge = aPasskeyChallenge();
      await repos().passkeys.saveChallenge(challenge);
      const results = await race(8, () =>
        repos().passkeys.consumeChallenge(challenge.challengeHash, atMinute(1)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('deletes expired challenges only', async () => {
      const expired = aPasskeyChallenge({ expiresAt: atMinute(2) });
      const live = aPasskeyChallenge({ expiresAt: atMinute(10) });
      await repos().passkeys.saveChallenge(expired);
      await repos().passkeys.saveChallenge(live);
      expect(await repos().passkeys.deleteExpiredChallenges(atMinute(3))).toBeGreaterThanOrEqual(1);
      expect(
        await repos().passkeys.consumeChallenge(expired.challengeHash, atMinute(1)),
      ).toBeNull();
      expect(await repos().passkeys.consumeChallenge(live.challengeHash, atMinute(3))).toEqual(
        live,
      );
    });

    it('stores credentials unique by credential id and lists a user’s in order', async () => {
      const owner = await givenUser(repos());
      const other = await givenUser(repos());
      const first = aPasskey(owner.id, { counter: 4_294_967_295 });
      const second = aPasskey(owner.id, { createdAt: atMinute(1), transports: [] });
      expect(await repos().passkeys.createCredential(first)).toBe(true);
      expect(await repos().passkeys.createCredential(second)).toBe(true);
      const copy = { ...first, id: crypto.randomUUID(), userId: other.id };
      expect(await repos().passkeys.createCredential(copy)).toBe(false);
      expect(await repos().passkeys.findByCredentialId(first.credentialId)).toEqual(first);
      expect(await repos().passkeys.findByCredentialId('cred-unknown')).toBeNull();
      expect(await repos().passkeys.listByUser(owner.id)).toEqual([first, second]);
      expect(await repos().passkeys.listByUser(other.id)).toEqual([]);
    });

    it('of concurrent registrations of one credential id, exactly one is stored', async () => {
      const users = await Promise.all(Array.from({ length: 6 }, () => givenUser(repos())));
      const credentialId = `cred-${uniqueTag()}`;
      const results = await race(users.length, (index) =>
        repos().passkeys.createCredential(aPasskey(users[index]?.id ?? '', { credentialId })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('records a use only against the expected counter, once under a race', async () => {
      const user = await givenUser(repos());
      const passkey = aPasskey(user.id, { counter: 7, backedUp: false });
      await repos().passkeys.createCredential(passkey);
      const use = { expectedCounter: 7, newCounter: 8, backedUp: true, now: atMinute(2) };
      const results = await race(8, () => repos().passkeys.recordUse(passkey.id, use));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await repos().passkeys.recordUse(passkey.id, use)).toBe(false);
      expect(await repos().passkeys.findByCredentialId(passkey.credentialId)).toEqual({
        ...passkey,
        counter: 8,
        backedUp: true,
        lastUsedAt: atMinute(2),
      });
    });

    it('renames and removes only the owner’s credential', async () => {
      const owner = await givenUser(repos());
      const other = await givenUser(repos());
      const passkey = aPasskey(owner.id);
      await repos().passkeys.createCredential(passkey);
      expect(await repos().passkeys.rename(other.id, passkey.id, 'Stolen')).toBe(false);
      expect(await repos().passkeys.rename(owner.id, passkey.id, 'Phone')).toBe(true);
      expect(await repos().passkeys.remove(other.id, passkey.id)).toBe('not_found');
      expect((await repos().passkeys.findByCredentialId(passkey.credentialId))?.name).toBe('Phone');
      // The owner has a password: the only passkey may go.
      expect(await repos().passkeys.remove(owner.id, passkey.id)).toBe('removed');
      expect(await repos().passkeys.findByCredentialId(passkey.credentialId)).toBeNull();
      expect(await repos().passkeys.remove(owner.id, passkey.id)).toBe('not_found');
    });

    it('refuses to remove the last way to sign in', async () => {
      const user = await givenUser(repos(), { passwordHash: null });
      const only = aPasskey(user.id);
      await repos().passkeys.createCredential(only);
      expect(await repos().passkeys.remove(user.id, only.id)).toBe('last_sign_in_method');
      const second = aPasskey(user.id, { createdAt: atMinute(1) });
      await repos().passkeys.createCredential(second);
      expect(await repos().passkeys.remove(user.id, only.id)).toBe('removed');
      expect(await repos().passkeys.remove(user.id, second.id)).toBe('last_sign_in_method');
      expect(await repos().passkeys.listByUser(user.id)).toEqual([second]);
    });

    it('counts a linked identity as a way to sign in', async () => {
      const user = await givenUser(repos(), { passwordHash: null });
      const only = aPasskey(user.id);
      await repos().passkeys.createCredential(only);
      expect(await repos().oauthAccounts.link(anOAuthAccount(user.id))).toBe(true);
      expect(await repos().passkeys.remove(user.id, only.id)).toBe('removed');
    });

    it('of concurrent removals of the last two passkeys, at most one succeeds', async () => {
      const user = await givenUser(repos(), { passwordHash: null });
      const passkeys = [aPasskey(user.id), aPasskey(user.id, { createdAt: atMinute(1) })];
      for (const passkey of passkeys) await repos().passkeys.createCredential(passkey);
      const results = await race(passkeys.length, (index) =>
        repos().passkeys.remove(user.id, passkeys[index]?.id ?? ''),
      );
      expect(results.filter((r) => r === 'removed')).toHaveLength(1);
      expect(await repos().passkeys.listByUser(user.id)).toHaveLength(1);
    });

    it('goes with its user when the user is deleted', async () => {
      const user = await givenUser(repos());
      const passkey = aPasskey(user.id);
      const challenge = aPasskeyChallenge({ ceremony: 'registration', userId: user.id });
      await repos().passkeys.createCredential(passkey);
      await repos().passkeys.saveChallenge(challenge);
      await repos().users.delete(user.id);
      expect(await repos().passkeys.findByCredentialId(passkey.credentialId)).toBeNull();
      expect(
        await repos().passkeys.consumeChallenge(challenge.challengeHash, atMinute(1)),
      ).toBeNull();
    });
  });
}
