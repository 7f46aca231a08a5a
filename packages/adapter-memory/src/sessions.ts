import {
  type RefreshTokenRecord,
  type SessionRecord,
  type SessionRepo,
  StorageError,
} from '@portcullis/core';
import { copy, type MemoryStore, mayHoldSessions } from './store.ts';

/** Newest first; equal creation times fall back to id so the order is deterministic. */
function newestFirst(a: SessionRecord, b: SessionRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Revokes, at `now`, each not-yet-revoked refresh token that `matches`. */
function revokeRefreshTokens(
  store: MemoryStore,
  matches: (token: RefreshTokenRecord) => boolean,
  now: Date,
): void {
  for (const [hash, token] of store.refreshTokens) {
    if (token.revokedAt !== null || !matches(token)) continue;
    store.refreshTokens.set(hash, { ...token, revokedAt: copy(now) });
  }
}

/**
 * `SessionRepo` over the shared store. Method bodies never `await`, so `touch`'s
 * compare-then-write cannot interleave with another touch, `create`'s status check cannot
 * interleave with a ban, and `end` deletes a session and revokes its family in one
 * uninterruptible step (see store.ts).
 */
export function createMemorySessionRepo(store: MemoryStore): SessionRepo {
  return {
    async create(session, precondition) {
      if (store.sessions.has(session.id)) {
        throw new StorageError('A session with this id already exists');
      }
      if (!mayHoldSessions(store, session.userId)) return false;
      const { passwordHash } = store.users.get(session.userId) ?? {};
      if (precondition && passwordHash !== precondition.passwordHash) return false;
      store.sessions.set(session.id, copy(session));
      return true;
    },

    async findById(id) {
      const session = store.sessions.get(id);
      return session === undefined ? null : copy(session);
    },

    async listByUser(userId) {
      return [...store.sessions.values()]
        .filter((session) => session.userId === userId)
        .sort(newestFirst)
        .map(copy);
    },

    async touch(id, lastUsedAt) {
      const session = store.sessions.get(id);
      // Concurrent requests finish out of order; an older timestamp must not win.
      if (session === undefined || lastUsedAt.getTime() <= session.lastUsedAt.getTime()) return;
      store.sessions.set(id, { ...session, lastUsedAt: copy(lastUsedAt) });
    },

    async end(id, now) {
      revokeRefreshTokens(store, (token) => token.sessionId === id, now);
      return store.sessions.delete(id);
    },

    async endByUser(userId, now, exceptId) {
      const kept = exceptId !== undefined && store.sessions.get(exceptId)?.userId === userId;
      const spared = kept ? exceptId : undefined;
      revokeRefreshTokens(
        store,
        (token) => token.userId === userId && token.sessionId !== spared,
        now,
      );
      let deleted = 0;
      for (const [id, session] of store.sessions) {
        if (session.userId !== userId || id === spared) continue;
        store.sessions.delete(id);
        deleted += 1;
      }
      return deleted;
    },

    async deleteExpired(now, idleSince) {
      let deleted = 0;
      for (const [id, session] of store.sessions) {
        const expired = session.expiresAt.getTime() <= now.getTime();
        const idle = session.lastUsedAt.getTime() <= idleSince.getTime();
        if (!expired && !idle) continue;
        store.sessions.delete(id);
        deleted += 1;
      }
      return deleted;
    },
  };
}
