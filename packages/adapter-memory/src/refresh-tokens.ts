import { type RefreshTokenRepo, StorageError } from '@portcullis/core';
import { copy, type MemoryStore, mayHoldSessions } from './store.ts';

/**
 * `RefreshTokenRepo` over the shared store. `rotate` checks the presented token and writes
 * both rows with no `await` in between, so of concurrent rotations only the first sees a
 * live token: a stolen token replayed in parallel with the real client cannot fork the
 * family (see store.ts for why synchronous means atomic here).
 */
export function createMemoryRefreshTokenRepo(store: MemoryStore): RefreshTokenRepo {
  return {
    async create(token) {
      if (store.refreshTokens.has(token.tokenHash)) {
        throw new StorageError('A refresh token with this hash already exists');
      }
      if (!mayHoldSessions(store, token.userId)) return false;
      store.refreshTokens.set(token.tokenHash, copy(token));
      return true;
    },

    async findByHash(tokenHash) {
      const token = store.refreshTokens.get(tokenHash);
      return token === undefined ? null : copy(token);
    },

    async findWithSession(tokenHash) {
      const token = store.refreshTokens.get(tokenHash);
      if (token === undefined) return null;
      const session = store.sessions.get(token.sessionId);
      return { token: copy(token), session: session === undefined ? null : copy(session) };
    },

    async rotate(oldHash, next, now) {
      const current = store.refreshTokens.get(oldHash);
      if (current === undefined) return { ok: false, current: null };
      if (
        current.rotatedAt !== null ||
        current.revokedAt !== null ||
        !mayHoldSessions(store, current.userId)
      ) {
        return { ok: false, current: copy(current) };
      }
      // Checked before any write so a failure leaves nothing half-done.
      if (store.refreshTokens.has(next.tokenHash)) {
        throw new StorageError('A refresh token with this hash already exists');
      }
      store.refreshTokens.set(oldHash, { ...current, rotatedAt: copy(now) });
      store.refreshTokens.set(next.tokenHash, copy(next));
      return { ok: true };
    },

    async deleteExpired(now) {
      let deleted = 0;
      for (const [hash, token] of store.refreshTokens) {
        if (token.familyExpiresAt.getTime() > now.getTime()) continue;
        store.refreshTokens.delete(hash);
        deleted += 1;
      }
      return deleted;
    },
  };
}
