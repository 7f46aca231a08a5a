import type { PasskeyCredentialRecord, PasskeyRepo } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import type { MemoryStore } from './store.ts';
import { copy } from './store.ts';

/** Removes every passkey and challenge of the user (the cascade of `users.delete`). */
export function deletePasskeysOf(store: MemoryStore, userId: string): void {
  for (const [id, record] of store.passkeys) {
    if (record.userId !== userId) continue;
    store.passkeys.delete(id);
    store.passkeyIdByCredentialId.delete(record.credentialId);
  }
  for (const [hash, challenge] of store.passkeyChallenges) {
    if (challenge.userId === userId) store.passkeyChallenges.delete(hash);
  }
}

/**
 * `PasskeyRepo` over the shared store. Every method is synchronous from first read to last
 * write, which makes `consumeChallenge`, `createCredential` and `recordUse` atomic within
 * the process (see store.ts).
 */
export function createMemoryPasskeyRepo(store: MemoryStore): PasskeyRepo {
  const challenges = store.passkeyChallenges;
  const credentials = store.passkeys;
  const idByCredentialId = store.passkeyIdByCredentialId;
  const ofUser = (userId: string, id: string): PasskeyCredentialRecord | undefined => {
    const record = credentials.get(id);
    return record?.userId === userId ? record : undefined;
  };

  return {
    async saveChallenge(challenge) {
      if (challenges.has(challenge.challengeHash)) {
        throw new StorageError('A passkey challenge with this hash already exists');
      }
      challenges.set(challenge.challengeHash, copy(challenge));
    },

    async consumeChallenge(challengeHash, now) {
      const challenge = challenges.get(challengeHash);
      if (challenge === undefined) return null;
      challenges.delete(challengeHash);
      return challenge.expiresAt.getTime() > now.getTime() ? copy(challenge) : null;
    },

    async deleteExpiredChallenges(now) {
      let deleted = 0;
      for (const [hash, challenge] of challenges) {
        if (challenge.expiresAt.getTime() <= now.getTime()) {
          challenges.delete(hash);
          deleted += 1;
        }
      }
      return deleted;
    },

    async createCredential(credential) {
      if (idByCredentialId.has(credential.credentialId)) return false;
      if (credentials.has(credential.id)) {
        throw new StorageError('A passkey with this id already exists');
      }
      credentials.set(credential.id, copy(credential));
      idByCredentialId.set(credential.credentialId, credential.id);
      return true;
    },

    async findByCredentialId(credentialId) {
      const id = idByCredentialId.get(credentialId);
      const record = id === undefined ? undefined : credentials.get(id);
      return record === undefined ? null : copy(record);
    },

    async listByUser(userId) {
      return [...credentials.values()]
        .filter((record) => record.userId === userId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .map(copy);
    },

    async recordUse(id, use) {
      const record = credentials.get(id);
      if (record === undefined || record.counter !== use.expectedCounter) return false;
      credentials.set(id, {
        ...record,
        counter: use.newCounter,
        backedUp: use.backedUp,
        lastUsedAt: new Date(use.now.getTime()),
      });
      return true;
    },

    async rename(userId, id, name) {
      const record = ofUser(userId, id);
      if (record === undefined) return false;
      credentials.set(id, { ...record, name });
      return true;
    },

    async remove(userId, id) {
      const record = ofUser(userId, id);
      if (record === undefined) return 'not_found';
      const others = [...credentials.values()].some(
        (other) => other.userId === userId && other.id !== id,
      );
      const password = (store.users.get(userId)?.passwordHash ?? null) !== null;
      const identity = [...store.oauthAccounts.values()].some((a) => a.userId === userId);
      if (!others && !password && !identity) return 'last_sign_in_method';
      credentials.delete(id);
      idByCredentialId.delete(record.credentialId);
      return 'removed';
    },
  };
}
