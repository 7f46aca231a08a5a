import {
  StorageError,
  type VerificationPurpose,
  type VerificationTokenRecord,
  type VerificationTokenRepo,
} from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

/**
 * `VerificationTokenRepo` over the shared store. Every atomic method (`replace`,
 * `recordAttempt`, `consume`, `consumeByHash`) reads and writes with no `await` in
 * between, so a code or link is spent exactly once and parallel guesses are all counted
 * (see store.ts for why synchronous means atomic here).
 */
export function createMemoryVerificationTokenRepo(store: MemoryStore): VerificationTokenRepo {
  const tokens = store.verificationTokens;

  /** Marks `token` consumed at `now` if it is still unconsumed and not expired. */
  function consumeRow(
    token: VerificationTokenRecord | undefined,
    now: Date,
  ): VerificationTokenRecord | null {
    if (token === undefined || token.consumedAt !== null) return null;
    // Expired at exactly `expiresAt`: the contract requires `expiresAt > now`.
    if (token.expiresAt.getTime() <= now.getTime()) return null;
    const consumed = { ...token, consumedAt: copy(now) };
    tokens.set(token.id, consumed);
    return copy(consumed);
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

    async recordAttempt(id) {
      const token = tokens.get(id);
      if (token === undefined || token.consumedAt !== null) return null;
      const attempts = token.attempts + 1;
      tokens.set(id, { ...token, attempts });
      return attempts;
    },

    async consume(id, now) {
      return consumeRow(tokens.get(id), now);
    },

    async consumeByHash(purpose, secretHash, now) {
      for (const token of tokens.values()) {
        if (token.purpose === purpose && token.secretHash === secretHash && !token.consumedAt) {
          return consumeRow(token, now);
        }
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
