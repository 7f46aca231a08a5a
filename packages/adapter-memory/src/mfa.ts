import type { MfaRepo, TotpFactorRecord } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

/**
 * `MfaRepo` over the shared store. Every method reads and writes with no `await` in
 * between, so a TOTP step or a backup code is accepted once and concurrent attempts are
 * all counted (see store.ts for why synchronous means atomic here).
 */
export function createMemoryMfaRepo(store: MemoryStore): MfaRepo {
  const factors = store.totpFactors;
  const ofUser = (userId: string): TotpFactorRecord[] =>
    [...factors.values()].filter((factor) => factor.userId === userId);

  return {
    async replacePendingTotp(factor) {
      if (!store.users.has(factor.userId)) throw new StorageError('The user does not exist');
      if (factors.has(factor.id))
        throw new StorageError('A TOTP factor with this id already exists');
      for (const existing of ofUser(factor.userId)) {
        if (existing.confirmedAt === null) factors.delete(existing.id);
      }
      factors.set(factor.id, copy(factor));
    },

    async listTotp(userId) {
      return ofUser(userId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map(copy);
    },

    async confirmTotp(id, step, now) {
      const factor = factors.get(id);
      if (factor === undefined || factor.confirmedAt !== null) return false;
      for (const other of ofUser(factor.userId)) if (other.id !== id) factors.delete(other.id);
      factors.set(id, { ...factor, confirmedAt: copy(now), lastUsedStep: step });
      return true;
    },

    async recordTotpStep(id, step) {
      const factor = factors.get(id);
      if (factor === undefined || factor.confirmedAt === null) return false;
      if (factor.lastUsedStep !== null && factor.lastUsedStep >= step) return false;
      factors.set(id, { ...factor, lastUsedStep: step });
      return true;
    },

    async replaceBackupCodes(set) {
      if (!store.users.has(set.userId)) throw new StorageError('The user does not exist');
      store.backupCodes.set(set.userId, copy(set));
    },

    async useBackupCode(userId, codeHash) {
      const set = store.backupCodes.get(userId);
      if (set === undefined || !set.codeHashes.includes(codeHash)) return null;
      const codeHashes = set.codeHashes.filter((hash) => hash !== codeHash);
      store.backupCodes.set(userId, { ...set, codeHashes });
      return codeHashes.length;
    },

    async countBackupCodes(userId) {
      return store.backupCodes.get(userId)?.codeHashes.length ?? 0;
    },

    async recordAttempt(userId, now, windowStart) {
      if (!store.users.has(userId)) throw new StorageError('The user does not exist');
      const current = store.mfaAttempts.get(userId);
      const over = current === undefined || current.windowStart.getTime() <= windowStart.getTime();
      const sinceSuccess = (current?.sinceSuccess ?? 0) + 1;
      const next = over
        ? { windowStart: copy(now), count: 1, sinceSuccess }
        : { ...current, count: current.count + 1, sinceSuccess };
      store.mfaAttempts.set(userId, next);
      return { inWindow: next.count, sinceSuccess };
    },

    async clearAttempts(userId) {
      store.mfaAttempts.delete(userId);
    },

    async deleteByUser(userId) {
      return deleteMfaOfUser(store, userId);
    },
  };
}

/**
 * Removes every TOTP factor, backup code and attempt count of the user, synchronously
 * (also the cascade of `users.delete`). Returns whether a confirmed factor was removed.
 */
export function deleteMfaOfUser(store: MemoryStore, userId: string): boolean {
  let confirmed = false;
  for (const [id, factor] of store.totpFactors) {
    if (factor.userId !== userId) continue;
    confirmed ||= factor.confirmedAt !== null;
    store.totpFactors.delete(id);
  }
  store.backupCodes.delete(userId);
  store.mfaAttempts.delete(userId);
  return confirmed;
}
