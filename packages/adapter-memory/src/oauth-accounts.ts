import type { OAuthAccountRecord, OAuthAccountRepo } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import { copy, type MemoryStore } from './store.ts';

/** The unique key of an identity. JSON keeps `issuer` and `subject` apart whatever they hold. */
function identityKey(issuer: string, subject: string): string {
  return JSON.stringify([issuer, subject]);
}

function insert(store: MemoryStore, account: OAuthAccountRecord): void {
  if (store.oauthAccounts.has(account.id)) {
    throw new StorageError('An OAuth account with this id already exists');
  }
  store.oauthAccounts.set(account.id, copy(account));
  store.oauthAccountIdByIdentity.set(identityKey(account.issuer, account.subject), account.id);
}

function ofUser(store: MemoryStore, userId: string): OAuthAccountRecord[] {
  return [...store.oauthAccounts.values()]
    .filter((account) => account.userId === userId)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** Removes every identity of the user (also the cascade of `users.delete`); returns how many. */
export function deleteOAuthAccountsOf(store: MemoryStore, userId: string): number {
  const accounts = ofUser(store, userId);
  for (const account of accounts) {
    store.oauthAccounts.delete(account.id);
    store.oauthAccountIdByIdentity.delete(identityKey(account.issuer, account.subject));
  }
  return accounts.length;
}

/**
 * `OAuthAccountRepo` over the shared store. Every method is synchronous from first read to
 * last write, which makes `link`, `createUserWithAccount` and `unlink` atomic (store.ts).
 */
export function createMemoryOAuthAccountRepo(store: MemoryStore): OAuthAccountRepo {
  return {
    async findByIdentity(issuer, subject) {
      const id = store.oauthAccountIdByIdentity.get(identityKey(issuer, subject));
      const account = id === undefined ? undefined : store.oauthAccounts.get(id);
      return account === undefined ? null : copy(account);
    },

    async listByUser(userId) {
      return ofUser(store, userId).map(copy);
    },

    async link(account) {
      if (store.oauthAccountIdByIdentity.has(identityKey(account.issuer, account.subject)))
        return false;
      const user = store.users.get(account.userId);
      if (user === undefined || user.deletedAt !== null) return false;
      insert(store, account);
      return true;
    },

    async createUserWithAccount(user, account) {
      if (store.oauthAccountIdByIdentity.has(identityKey(account.issuer, account.subject))) {
        return { status: 'identity_taken' };
      }
      if (store.userIdByEmailKey.has(user.emailKey)) return { status: 'email_taken' };
      if (store.users.has(user.id)) throw new StorageError('A user with this id already exists');
      store.users.set(user.id, copy(user));
      store.userIdByEmailKey.set(user.emailKey, user.id);
      insert(store, account);
      return { status: 'created', user: copy(user) };
    },

    async unlink(userId, id) {
      const account = store.oauthAccounts.get(id);
      if (account === undefined || account.userId !== userId) return 'not_found';
      const hasPassword = store.users.get(userId)?.passwordHash != null;
      if (!hasPassword && ofUser(store, userId).length < 2) return 'last_sign_in_method';
      store.oauthAccounts.delete(id);
      store.oauthAccountIdByIdentity.delete(identityKey(account.issuer, account.subject));
      return 'unlinked';
    },

    async deleteByUser(userId) {
      return deleteOAuthAccountsOf(store, userId);
    },

    async touch(id, lastUsedAt, tokens) {
      const account = store.oauthAccounts.get(id);
      if (account === undefined || account.lastUsedAt >= lastUsedAt) return;
      store.oauthAccounts.set(id, {
        ...account,
        lastUsedAt: new Date(lastUsedAt),
        tokens: tokens ?? account.tokens,
      });
    },
  };
}
