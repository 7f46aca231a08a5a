import type { OAuthAccountRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, aUser, uniqueTag } from './builders.ts';
import { givenUser, present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** An identity of `userId` at a fresh (issuer, subject). */
export function anOAuthAccount(
  userId: string,
  overrides: Partial<OAuthAccountRecord> = {},
): OAuthAccountRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    provider: 'example',
    issuer: `https://issuer-${uniqueTag()}.example.test`,
    subject: uniqueTag(),
    email: null,
    emailVerified: false,
    tokens: null,
    createdAt: atMinute(0),
    lastUsedAt: atMinute(0),
    ...overrides,
  };
}

/** `count` concurrent calls of `call`, all started before the first is awaited. */
function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** `OAuthAccountRepo`: identities keyed by (issuer, subject), atomic create, guarded unlink. */
export function describeOAuthAccountContract(repos: ReposAccessor): void {
  describe('oauthAccounts', () => {
    it('links, finds by (issuer, subject) only and lists a user’s identities in order', async () => {
      const user = await givenUser(repos());
      const first = anOAuthAccount(user.id, { email: user.email, emailVerified: true });
      const second = anOAuthAccount(user.id, { createdAt: atMinute(1), lastUsedAt: atMinute(1) });
      expect(await repos().oauthAccounts.link(first)).toBe(true);
      expect(await repos().oauthAccounts.link(second)).toBe(true);
      expect(await repos().oauthAccounts.findByIdentity(first.issuer, first.subject)).toEqual(
        first,
      );
      // Same subject at another issuer, or another subject at the same issuer: strangers.
      expect(await repos().oauthAccounts.findByIdentity(second.issuer, first.subject)).toBeNull();
      expect(await repos().oauthAccounts.findByIdentity(first.issuer, second.subject)).toBeNull();
      expect(await repos().oauthAccounts.listByUser(user.id)).toEqual([first, second]);
      expect(await repos().oauthAccounts.listByUser(aUser().id)).toEqual([]);
    });

    it('refuses to link an identity twice, to anyone, and to a deleted user', async () => {
      const owner = await givenUser(repos());
      const other = await givenUser(repos());
      const account = anOAuthAccount(owner.id);
      expect(await repos().oauthAccounts.link(account)).toBe(true);
      const again = { ...account, id: crypto.randomUUID(), userId: other.id };
      expect(await repos().oauthAccounts.link(again)).toBe(false);
      expect(await repos().oauthAccounts.listByUser(other.id)).toEqual([]);
      const deleted = await givenUser(repos(), { deletedAt: atMinute(1) });
      expect(await repos().oauthAccounts.link(anOAuthAccount(deleted.id))).toBe(false);
    });

    it('of concurrent links of one identity to different users, exactly one wins', async () => {
      const users = await Promise.all(Array.from({ length: 6 }, () => givenUser(repos())));
      const identity = anOAuthAccount(users[0]?.id ?? '');
      const results = await race(users.length, (index) =>
        repos().oauthAccounts.link({
          ...identity,
          id: crypto.randomUUID(),
          userId: users[index]?.id ?? '',
        }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = present(
        await repos().oauthAccounts.findByIdentity(identity.issuer, identity.subject),
      );
      expect(users[results.indexOf(true)]?.id).toBe(stored.userId);
    });

    it('creates a user with its identity as one step', async () => {
      const user = aUser({ passwordHash: null });
      const account = anOAuthAccount(user.id, { email: user.email, emailVerified: true });
      expect(await repos().oauthAccounts.createUserWithAccount(user, account)).toEqual({
        status: 'created',
        user,
      });
      expect(await repos().users.findById(user.id)).toEqual(user);
      expect(await repos().oauthAccounts.findByIdentity(account.issuer, account.subject)).toEqual(
        account,
      );
    });

    it('writes neither row when the email is taken or the identity is linked', async () => {
      const existing = await givenUser(repos());
      const clash = aUser({ email: existing.email.toUpperCase(), emailKey: existing.emailKey });
      const unlinked = anOAuthAccount(clash.id);
      expect(await repos().oauthAccounts.createUserWithAccount(clash, unlinked)).toEqual({
        status: 'email_taken',
      });
      expect(
        await repos().oauthAccounts.findByIdentity(unlinked.issuer, unlinked.subject),
      ).toBeNull();
      expect(await repos().users.findById(clash.id)).toBeNull();

      const linked = anOAuthAccount(existing.id);
      expect(await repos().oauthAccounts.link(linked)).toBe(true);
      const fresh = aUser();
      const sameIdentity = { ...linked, id: crypto.randomUUID(), userId: fresh.id };
      expect(await repos().oauthAccounts.createUserWithAccount(fresh, sameIdentity)).toEqual({
        status: 'identity_taken',
      });
      // The user insert was rolled back with the identity: no account without its identity.
      expect(await repos().users.findById(fresh.id)).toBeNull();
      expect(await repos().users.findByEmailKey(fresh.emailKey)).toBeNull();
    });

    it('two concurrent callbacks creating the same identity make one user', async () => {
      const template = aUser({ passwordHash: null });
      const identity = anOAuthAccount(template.id, { email: template.email });
      const results = await race(8, () => {
        const user = { ...template, id: crypto.randomUUID() };
        return repos().oauthAccounts.createUserWithAccount(user, {
          ...identity,
          id: crypto.randomUUID(),
          userId: user.id,
        });
      });
      const created = results.filter((result) => result.status === 'created');
      expect(created).toHaveLength(1);
      const stored = present(
        await repos().oauthAccounts.findByIdentity(identity.issuer, identity.subject),
      );
      const user = present(await repos().users.findByEmailKey(template.emailKey));
      expect(stored.userId).toBe(user.id);
      expect(created[0]?.status === 'created' && created[0].user.id).toBe(user.id);
    });

    it('concurrent creations of one identity under different emails leave no orphan user', async () => {
      const identity = anOAuthAccount('pending');
      const users = Array.from({ length: 6 }, () => aUser({ passwordHash: null }));
      const results = await race(users.length, (index) => {
        const user = users[index] ?? aUser();
        return repos().oauthAccounts.createUserWithAccount(user, {
          ...identity,
          id: crypto.randomUUID(),
          userId: user.id,
        });
      });
      expect(results.filter((result) => result.status === 'created')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'identity_taken')).toHaveLength(5);
      const found = await Promise.all(users.map((user) => repos().users.findById(user.id)));
      expect(found.filter((user) => user !== null)).toHaveLength(1);
    });

    it('unlinks, but never the last way to sign in', async () => {
      const passwordless = await givenUser(repos(), { passwordHash: null });
      const only = anOAuthAccount(passwordless.id);
      await repos().oauthAccounts.link(only);
      expect(await repos().oauthAccounts.unlink(passwordless.id, only.id)).toBe(
        'last_sign_in_method',
      );
      const second = anOAuthAccount(passwordless.id);
      await repos().oauthAccounts.link(second);
      expect(await repos().oauthAccounts.unlink(passwordless.id, only.id)).toBe('unlinked');
      expect(await repos().oauthAccounts.listByUser(passwordless.id)).toEqual([second]);
      expect(await repos().oauthAccounts.unlink(passwordless.id, only.id)).toBe('not_found');

      const withPassword = await givenUser(repos());
      const sole = anOAuthAccount(withPassword.id);
      await repos().oauthAccounts.link(sole);
      // Another user's identity reads as unknown.
      expect(await repos().oauthAccounts.unlink(passwordless.id, sole.id)).toBe('not_found');
      expect(await repos().oauthAccounts.unlink(withPassword.id, sole.id)).toBe('unlinked');
    });

    it('concurrent unlinks of a user’s last two identities leave one', async () => {
      for (let round = 0; round < 5; round++) {
        const user = await givenUser(repos(), { passwordHash: null });
        const accounts = [
          anOAuthAccount(user.id),
          anOAuthAccount(user.id),
          anOAuthAccount(user.id),
        ];
        for (const account of accounts) await repos().oauthAccounts.link(account);
        const outcomes = await race(accounts.length, (index) =>
          repos().oauthAccounts.unlink(user.id, accounts[index]?.id ?? ''),
        );
        expect(outcomes.filter((outcome) => outcome === 'unlinked')).toHaveLength(2);
        expect(outcomes.filter((outcome) => outcome === 'last_sign_in_method')).toHaveLength(1);
        expect(await repos().oauthAccounts.listByUser(user.id)).toHaveLength(1);
      }
    });

    it('touch records use and tokens, never moving lastUsedAt backwards', async () => {
      const user = await givenUser(repos());
      const account = anOAuthAccount(user.id, { tokens: 'v1.k.sealed-at-link' });
      await repos().oauthAccounts.link(account);
      const read = async () =>
        present(await repos().oauthAccounts.findByIdentity(account.issuer, account.subject));
      expect((await read()).tokens).toBe('v1.k.sealed-at-link');
      await repos().oauthAccounts.touch(account.id, atMinute(5), 'v1.k.sealed-at-5');
      // An older sign-in finishing late overwrites neither the time nor the newer tokens.
      await repos().oauthAccounts.touch(account.id, atMinute(3), 'v1.k.sealed-at-3');
      expect(await read()).toMatchObject({ lastUsedAt: atMinute(5), tokens: 'v1.k.sealed-at-5' });
      // A sign-in without new tokens keeps the stored ones.
      await repos().oauthAccounts.touch(account.id, atMinute(6), null);
      expect(await read()).toMatchObject({ lastUsedAt: atMinute(6), tokens: 'v1.k.sealed-at-5' });
    });

    it('deleteByUser removes every identity of the user and only those', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      const kept = anOAuthAccount(other.id);
      await repos().oauthAccounts.link(anOAuthAccount(user.id));
      await repos().oauthAccounts.link(anOAuthAccount(user.id));
      await repos().oauthAccounts.link(kept);
      expect(await repos().oauthAccounts.deleteByUser(user.id)).toBe(2);
      expect(await repos().oauthAccounts.listByUser(user.id)).toEqual([]);
      expect(await repos().oauthAccounts.listByUser(other.id)).toEqual([kept]);
      expect(await repos().oauthAccounts.deleteByUser(user.id)).toBe(0);
    });

    it('a permanent user deletion takes the user’s identities with it', async () => {
      const user = await givenUser(repos());
      const account = anOAuthAccount(user.id);
      await repos().oauthAccounts.link(account);
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(
        await repos().oauthAccounts.findByIdentity(account.issuer, account.subject),
      ).toBeNull();
    });
  });
}
