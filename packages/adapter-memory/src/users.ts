import {
  InputError,
  StorageError,
  type UserListQuery,
  type UserPage,
  type UserPatch,
  type UserRecord,
  type UserRepo,
} from '@portcullis/core';
import { decodeCursor, encodeCursor } from '@portcullis/core/adapter';
import { deleteMfaOfUser } from './mfa.ts';
import { deleteOAuthAccountsOf } from './oauth-accounts.ts';
import { deletePasskeysOf } from './passkeys.ts';
import { copy, type MemoryStore } from './store.ts';

/**
 * The fields a patch may set. Anything else in a patch object (an `id` or `emailKey`
 * smuggled in at runtime) is ignored, so identity fields really never change here.
 */
const patchableFields = [
  'email',
  'emailVerifiedAt',
  'passwordHash',
  'bannedAt',
  'banReason',
  'deletedAt',
  'metadata',
  'updatedAt',
] as const satisfies readonly (keyof UserPatch)[];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Copies `field` from the patch when present; `undefined` means "not in the patch". */
function setDefined<K extends keyof UserPatch>(
  target: Writable<UserRecord>,
  patch: UserPatch,
  field: K,
): void {
  const value = patch[field];
  // Every patch field is a UserRecord field of the same type; TS cannot correlate the key.
  if (value !== undefined) target[field] = copy(value) as UserRecord[K];
}

/** Listing order: creation time, then id (plain code-unit comparison). */
function compareUsers(a: UserRecord, b: UserRecord): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function list(store: MemoryStore, query: UserListQuery): UserPage {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw new InputError([{ field: 'limit', problem: 'invalid_format' }]);
  }
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  // Plain substring test: no pattern language, so `%` or `_` in the filter match literally.
  const needle = query.emailContains?.toLowerCase();
  const matching = [...store.users.values()]
    .filter((user) => query.includeDeleted === true || user.deletedAt === null)
    .filter((user) => needle === undefined || user.emailKey.toLowerCase().includes(needle))
    .filter(
      (user) =>
        after === null ||
        user.createdAt.getTime() > after.createdAtMs ||
        (user.createdAt.getTime() === after.createdAtMs && user.id > after.id),
    )
    .sort(compareUsers);
  // One extra row tells whether another page exists, so a full last page ends with null.
  const users = matching.slice(0, query.limit);
  const last = users.at(-1);
  const nextCursor =
    matching.length > query.limit && last !== undefined
      ? encodeCursor({ createdAtMs: last.createdAt.getTime(), id: last.id })
      : null;
  return { users: users.map(copy), nextCursor };
}

/**
 * `UserRepo` over the shared store. Each method body is synchronous from first read to
 * last write (no `await`), which is what makes `create`, `replacePasswordHash`,
 * `confirmEmail` and the cascading `delete` atomic (see store.ts).
 */
export function createMemoryUserRepo(store: MemoryStore): UserRepo {
  return {
    async create(user) {
      if (store.userIdByEmailKey.has(user.emailKey)) return null;
      // A repeated id is a caller bug (ids are random); fail loudly like a primary key would.
      if (store.users.has(user.id)) throw new StorageError('A user with this id already exists');
      store.users.set(user.id, copy(user));
      store.userIdByEmailKey.set(user.emailKey, user.id);
      return copy(user);
    },

    async findById(id) {
      const user = store.users.get(id);
      return user === undefined ? null : copy(user);
    },

    async findByEmailKey(emailKey) {
      const id = store.userIdByEmailKey.get(emailKey);
      const user = id === undefined ? undefined : store.users.get(id);
      return user === undefined ? null : copy(user);
    },

    async update(id, patch) {
      const current = store.users.get(id);
      if (current === undefined) return null;
      const next: Writable<UserRecord> = { ...current };
      for (const field of patchableFields) setDefined(next, patch, field);
      store.users.set(id, next);
      return copy(next);
    },

    async replacePasswordHash(id, expectedHash, nextHash, updatedAt) {
      const current = store.users.get(id);
      if (current === undefined || current.passwordHash !== expectedHash) return false;
      store.users.set(id, { ...current, passwordHash: nextHash, updatedAt: copy(updatedAt) });
      return true;
    },

    async confirmEmail(id, emailKey, passwordHash, now) {
      const current = store.users.get(id);
      if (
        current === undefined ||
        current.emailKey !== emailKey ||
        current.emailVerifiedAt !== null ||
        current.deletedAt !== null
      ) {
        return null;
      }
      const next: UserRecord = {
        ...current,
        emailVerifiedAt: copy(now),
        passwordHash: passwordHash ?? current.passwordHash,
        updatedAt: copy(now),
      };
      store.users.set(id, next);
      return copy(next);
    },

    async list(query) {
      return list(store, query);
    },

    async delete(id) {
      const user = store.users.get(id);
      if (user === undefined) return 'missing';
      // As PostgreSQL's ON DELETE RESTRICT: an organization never names a missing owner.
      for (const organization of store.organizations.values())
        if (organization.ownerId === id) return 'owns_organization';
      store.users.delete(id);
      store.userIdByEmailKey.delete(user.emailKey);
      for (const [key, session] of store.sessions) {
        if (session.userId === id) store.sessions.delete(key);
      }
      for (const [key, token] of store.refreshTokens) {
        if (token.userId === id) store.refreshTokens.delete(key);
      }
      for (const [key, token] of store.verificationTokens) {
        if (token.userId === id) store.verificationTokens.delete(key);
      }
      deleteMfaOfUser(store, id);
      deleteOAuthAccountsOf(store, id);
      for (const [key, apiKey] of store.apiKeys) {
        if (apiKey.userId === id) store.apiKeys.delete(key);
      }
      for (const [key, membership] of store.memberships) {
        if (membership.userId === id) store.memberships.delete(key);
      }
      deletePasskeysOf(store, id);
      return 'deleted';
    },
  };
}
