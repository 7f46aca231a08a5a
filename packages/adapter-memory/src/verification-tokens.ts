import {
  StorageError,
  type VerificationPurpose,
  type VerificationTokenRecord,
  type VerificationTokenRepo,
} from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

/**
 * `VerificationTokenRepo` over the shared store. Every atomic method (`replace`,
 * `attempt`, `consume`) reads and writes with no `await` in between, so a code or link is spent exactly once and parallel guesses are all counted
 * (see store.ts for why synchronous means atomic here).
 */
export function createMemoryVerificationTokenRepo(store: MemoryStore): VerificationTokenRepo {
  const tokens = store.verificationTokens;

  /** Unconsumed and not expired (at exactly `expiresAt` it is expired: `expiresAt > now`). */
  function isRedeemable(token: VerificationTokenRecord, now: Date): boolean {
    return token.consumedAt === null && token.expiresAt.getTime() > now.getTime();
  }

  function isLive(token: VerificationTokenRecord, userId: string, purpose: VerificationPurpose) {
    return token.userId === userId && token.purpose === purpose && token.consumedAt === null;
  }

  return {
    async replace(token) {
      // A repeated id is a caller bug (ids are random); fail loudly like a primary key
      // would, rather than overwrite a consumed token (making it spendable again) or another
      // user's. Only the live token this call replaces may share it.
      const clash = tokens.get(token.id);
      if (clash !== undefined && !isLive(clash, token.userId, token.purpose)) {
        throw new StorageError('A verification token with this id already exists');
      }
      for (const [id, existing] of tokens) {
        if (isLive(existing, token.userId, token.purpose)) tokens.delete(id);
      }
      tokens.set(token.id, copy(token));
    },

    async findLatest(userId, purpose) {
      let latest: VerificationTokenRecord | null = null;
      for (const token of tokens.values()) {
        if (!isLive(token, userId, purpose)) continue;
        const newer =
          latest === null ||
          token.createdAt.getTime() > latest.createdAt.getTime() ||
          (token.createdAt.getTime() === latest.createdAt.getTime() && token.id > latest.id);
        if (newer) latest = token;
      }
      return latest === null ? null : copy(latest);
    },

    async attempt({ id, secretHash, maxAttempts, now }) {
      const token = tokens.get(id);
      if (token === undefined || !isRedeemable(token, now)) return { status: 'unavailable' };
      const attempts = token.attempts + 1;
      if (attempts > maxAttempts) {
        tokens.set(id, { ...token, attempts });
        return { status: 'too_many_attempts' };
      }
      const matches = token.secretHash === secretHash;
      const updated = { ...token, attempts, consumedAt: matches ? copy(now) : null };
      tokens.set(id, updated);
      return matches ? { status: 'consumed', token: copy(updated) } : { status: 'mismatch' };
    },

    async consume(purpose, secretHash, now) {
      for (const [id, token] of tokens) {
        if (token.purpose !== purpose || token.secretHash !== secretHash) continue;
        if (!isRedeemable(token, now)) continue;
        const consumed = { ...token, consumedAt: copy(now) };
        tokens.set(id, consumed);
        return copy(consumed);
      }
      return null;
    },

    async recordAttemptByHash(purpose, secretHash, maxAttempts, now) {
      for (const token of tokens.values()) {
        if (token.purpose !== purpose || token.secretHash !== secretHash) continue;
        if (token.consumedAt !== null || token.expiresAt.getTime() <= now.getTime()) return null;
        if (token.attempts >= maxAttempts) return null;
        const counted = { ...token, attempts: token.attempts + 1 };
        tokens.set(token.id, counted);
        return copy(counted);
      }
      return null;
    },

    async findLiveByHash(purpose, secretHash, maxAttempts, now) {
      for (const token of tokens.values()) {
        if (token.purpose !== purpose || token.secretHash !== secretHash) continue;
        return isRedeemable(token, now) && token.attempts < maxAttempts ? copy(token) : null;
      }
      return null;
    },

    async deleteByUser(userId, purpose) {
      for (const [id, token] of tokens) {
        if (token.userId === userId && token.purpose === purpose) tokens.delete(id);
      }
    },

    async deleteExpired(now) {
      let deleted = 0;
      for (const [id, token] of tokens) {
        if (token.expiresAt.getTime() > now.getTime()) continue;
        tokens.delete(id);
        deleted += 1;
      }
      return deleted;
    },
  };
}
