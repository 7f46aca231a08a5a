import { type PendingSignUpRecord, type PendingSignUpRepo, StorageError } from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

function isLive(signUp: PendingSignUpRecord, now: Date): boolean {
  return signUp.consumedAt === null && signUp.expiresAt.getTime() > now.getTime();
}

/** Newest first; equal creation times fall back to id so the order is deterministic. */
function newestFirst(a: PendingSignUpRecord, b: PendingSignUpRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * `PendingSignUpRepo` over the shared store. Each method checks and writes with no `await`
 * in between, so of concurrent redemptions of one sign-up only the first gets the row, and
 * concurrent guesses each see the other's attempt (see store.ts).
 */
export function createMemoryPendingSignUpRepo(store: MemoryStore): PendingSignUpRepo {
  function ofAddress(emailKey: string): PendingSignUpRecord[] {
    return [...store.pendingSignUps.values()].filter((signUp) => signUp.emailKey === emailKey);
  }

  return {
    async create(signUp) {
      if (store.pendingSignUps.has(signUp.id)) {
        throw new StorageError('A pending sign-up with this id already exists');
      }
      store.pendingSignUps.set(signUp.id, copy(signUp));
    },

    async redeemCode({ emailKey, secretHash, maxAttempts, now, decoy }) {
      const counted = ofAddress(emailKey)
        .filter((signUp) => signUp.kind === 'code' && isLive(signUp, now))
        .map((signUp) => ({ ...signUp, attempts: signUp.attempts + 1 }))
        .sort(newestFirst);
      const match = counted.find(
        (signUp) => signUp.secretHash === secretHash && signUp.attempts <= maxAttempts,
      );
      const redeemed = match === undefined ? undefined : { ...match, consumedAt: copy(now) };
      for (const signUp of counted) {
        store.pendingSignUps.set(signUp.id, signUp === match && redeemed ? redeemed : signUp);
      }
      if (counted.length === 0 && decoy !== undefined && !store.pendingSignUps.has(decoy.id)) {
        store.pendingSignUps.set(decoy.id, copy(decoy));
      }
      if (redeemed !== undefined) return { status: 'redeemed', signUp: copy(redeemed) };
      return {
        status: 'refused',
        lockedOut: counted.some((signUp) => signUp.attempts > maxAttempts),
      };
    },

    async redeemLink(secretHash, now) {
      for (const [id, signUp] of store.pendingSignUps) {
        if (signUp.kind !== 'link' || signUp.secretHash !== secretHash) continue;
        if (!isLive(signUp, now)) continue;
        const consumed = { ...signUp, consumedAt: copy(now) };
        store.pendingSignUps.set(id, consumed);
        return copy(consumed);
      }
      return null;
    },

    async findLatest(emailKey) {
      const latest = ofAddress(emailKey).sort(newestFirst)[0];
      return latest === undefined ? null : copy(latest);
    },

    async deleteByEmailKey(emailKey) {
      const doomed = ofAddress(emailKey);
      for (const signUp of doomed) store.pendingSignUps.delete(signUp.id);
      return doomed.length;
    },

    async deleteExpired(now) {
      let deleted = 0;
      for (const [id, signUp] of store.pendingSignUps) {
        if (isLive(signUp, now)) continue;
        store.pendingSignUps.delete(id);
        deleted += 1;
      }
      return deleted;
    },
  };
}
