import type { ApiKeyOwner, ApiKeyRecord, ApiKeyRepo } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

/** Whether the key belongs to exactly this owner (a user id never matches an organization's). */
function ownedBy(key: ApiKeyRecord, owner: ApiKeyOwner): boolean {
  return owner.userId !== undefined
    ? key.userId === owner.userId
    : key.organizationId === owner.organizationId && key.organizationId !== null;
}

/**
 * `ApiKeyRepo` over the shared store (so deleting a user removes its keys in the same
 * step). `revoke` and `rotate` read, check and write with no `await` in between, which is
 * what makes them atomic here (see store.ts).
 */
export function createMemoryApiKeyRepo(store: MemoryStore): ApiKeyRepo {
  const owned = (owner: ApiKeyOwner, id: string): ApiKeyRecord | null => {
    const key = store.apiKeys.get(id);
    return key !== undefined && ownedBy(key, owner) ? key : null;
  };
  return {
    async create(key) {
      if (store.apiKeys.has(key.id)) throw new StorageError('api key id already in use');
      // As PostgreSQL's reference: a key of an organization that is gone is refused.
      if (key.organizationId !== null && !store.organizations.has(key.organizationId))
        throw new StorageError('organization not found');
      store.apiKeys.set(key.id, copy(key));
    },

    async findById(id) {
      const key = store.apiKeys.get(id);
      return key === undefined ? null : copy(key);
    },

    async listByOwner(owner) {
      return [...store.apiKeys.values()]
        .filter((key) => ownedBy(key, owner))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map(copy);
    },

    async revoke(owner, id, now) {
      const key = owned(owner, id);
      if (key === null || key.revokedAt !== null) return null;
      const revoked = { ...key, revokedAt: now };
      store.apiKeys.set(id, revoked);
      return copy(revoked);
    },

    async rotate({ owner, id, successor, now, overlapUntil }) {
      const key = owned(owner, id);
      const live =
        key !== null &&
        key.revokedAt === null &&
        key.rotatedAt === null &&
        (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
      if (!live) return null;
      if (key.organizationId !== null && !store.organizations.has(key.organizationId)) return null;
      if (store.apiKeys.has(successor.id)) throw new StorageError('api key id already in use');
      const expiresAt =
        key.expiresAt !== null && key.expiresAt.getTime() < overlapUntil.getTime()
          ? key.expiresAt
          : overlapUntil;
      const rotated = { ...key, rotatedAt: now, replacedBy: successor.id, expiresAt };
      store.apiKeys.set(id, rotated);
      store.apiKeys.set(successor.id, copy(successor));
      return copy(rotated);
    },

    async touch(id, at, staleBefore) {
      const key = store.apiKeys.get(id);
      if (key === undefined) return;
      if (key.lastUsedAt !== null && key.lastUsedAt.getTime() > staleBefore.getTime()) return;
      if (key.lastUsedAt !== null && key.lastUsedAt.getTime() >= at.getTime()) return;
      store.apiKeys.set(id, { ...key, lastUsedAt: at });
    },
  };
}
