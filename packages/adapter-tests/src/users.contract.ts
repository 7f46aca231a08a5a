import type { UserMetadata } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, aUser, uniqueTag } from './builders.ts';
import { givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** Metadata exercising every JSON shape, nesting and non-ASCII text. */
const richMetadata: UserMetadata = {
  plan: 'pro',
  seats: 12,
  ratio: 0.25,
  beta: true,
  manager: null,
  tags: ['a', 'b', 'ünïcödé ✓'],
  nested: { deep: { list: [1, { x: false }, null] } },
};

/** `UserRepo`: create, lookups, update, password compare-and-set, returned copies. */
export function describeUserContract(repos: ReposAccessor): void {
  describe('users', () => {
    it('create returns the user, and lookups return it with Dates and metadata intact', async () => {
      const user = aUser({
        emailVerifiedAt: atMinute(5),
        bannedAt: atMinute(6),
        banReason: 'spam',
        metadata: richMetadata,
        createdAt: atMinute(1),
        updatedAt: atMinute(7),
      });
      expect(await repos().users.create(user)).toEqual(user);

      const byId = present(await repos().users.findById(user.id));
      expect(byId).toEqual(user);
      expect(byId.createdAt).toBeInstanceOf(Date);
      expect(byId.emailVerifiedAt).toBeInstanceOf(Date);
      expect(byId.bannedAt?.getTime()).toBe(atMinute(6).getTime());
      expect(byId.updatedAt.getTime()).toBe(user.updatedAt.getTime());
      expect(byId.metadata).toEqual(richMetadata);
      expect(await repos().users.findByEmailKey(user.emailKey)).toEqual(user);
    });

    it('keeps email and emailKey as given, and a null password hash as null', async () => {
      const user = await givenUser(repos(), {
        email: 'Mixed.Case@Example.test',
        passwordHash: null,
      });
      const found = present(await repos().users.findById(user.id));
      expect(found.email).toBe('Mixed.Case@Example.test');
      expect(found.emailKey).toBe('mixed.case@example.test');
      expect(found.passwordHash).toBeNull();
    });

    it('create with an existing emailKey returns null and writes nothing', async () => {
      const first = await givenUser(repos());
      const clash = aUser({ email: `other.${uniqueTag()}@example.test`, emailKey: first.emailKey });

      expect(await repos().users.create(clash)).toBeNull();
      expect(await repos().users.findById(clash.id)).toBeNull();
      expect(await repos().users.findByEmailKey(first.emailKey)).toEqual(first);
    });

    it('an emailKey stays taken while its user is soft-deleted', async () => {
      const first = await givenUser(repos(), { deletedAt: atMinute(3) });
      expect(await repos().users.create(aUser({ emailKey: first.emailKey }))).toBeNull();
      expect(await repos().users.findById(first.id)).toEqual(first);
    });

    it('lookups of unknown ids and keys return null', async () => {
      expect(await repos().users.findById(crypto.randomUUID())).toBeNull();
      expect(await repos().users.findByEmailKey(`nobody.${uniqueTag()}@example.test`)).toBeNull();
    });

    it('findByEmailKey matches the exact key only (core lower-cases keys itself)', async () => {
      const user = await givenUser(repos());
      expect(await repos().users.findByEmailKey(user.emailKey.toUpperCase())).toBeNull();
      expect(await repos().users.findByEmailKey(user.email)).toBeNull();
      expect(await repos().users.findByEmailKey(user.emailKey.slice(1))).toBeNull();
    });

    it('update changes only the fields in the patch and returns the stored user', async () => {
      const user = await givenUser(repos(), { metadata: { keep: 1 } });
      const banned = await repos().users.update(user.id, {
        bannedAt: atMinute(10),
        banReason: 'abuse',
        updatedAt: atMinute(10),
      });
      const expected = {
        ...user,
        bannedAt: atMinute(10),
        banReason: 'abuse',
        updatedAt: atMinute(10),
      };
      expect(banned).toEqual(expected);
      expect(await repos().users.findById(user.id)).toEqual(expected);

      const next = await repos().users.update(user.id, {
        email: `Changed.${uniqueTag()}@Example.test`,
        emailVerifiedAt: atMinute(11),
        metadata: richMetadata,
        bannedAt: null,
        banReason: null,
        updatedAt: atMinute(11),
      });
      expect(next).toEqual({
        ...expected,
        email: present(next).email,
        emailVerifiedAt: atMinute(11),
        metadata: richMetadata,
        bannedAt: null,
        banReason: null,
        updatedAt: atMinute(11),
      });
      expect(present(next).email).toMatch(/^Changed\./);
      // emailKey is identity: changing the email does not re-key the user.
      expect(await repos().users.findByEmailKey(user.emailKey)).toEqual(next);
    });

    it('update with only updatedAt touches nothing else', async () => {
      const user = await givenUser(repos(), { emailVerifiedAt: atMinute(2) });
      const updated = await repos().users.update(user.id, { updatedAt: atMinute(20) });
      expect(updated).toEqual({ ...user, updatedAt: atMinute(20) });
    });

    it('update of an unknown id returns null and creates nothing', async () => {
      const id = crypto.randomUUID();
      expect(await repos().users.update(id, { banReason: 'x', updatedAt: atMinute(1) })).toBeNull();
      expect(await repos().users.findById(id)).toBeNull();
    });

    it('replacePasswordHash writes only when the stored hash is still the expected one', async () => {
      const user = await givenUser(repos());
      expect(await repos().users.replacePasswordHash(user.id, 'stale', 'next', atMinute(9))).toBe(
        false,
      );
      expect(await repos().users.findById(user.id)).toEqual(user);

      const expectedHash = present(user.passwordHash);
      expect(
        await repos().users.replacePasswordHash(user.id, expectedHash, 'rehashed', atMinute(9)),
      ).toBe(true);
      expect(await repos().users.findById(user.id)).toEqual({
        ...user,
        passwordHash: 'rehashed',
        updatedAt: atMinute(9),
      });
      // The old hash no longer matches: a second rehash from it must not write.
      expect(
        await repos().users.replacePasswordHash(user.id, expectedHash, 'x', atMinute(10)),
      ).toBe(false);
      expect(present(await repos().users.findById(user.id)).passwordHash).toBe('rehashed');
    });

    it('replacePasswordHash never writes over a null hash or for an unknown user', async () => {
      const user = await givenUser(repos(), { passwordHash: null });
      expect(await repos().users.replacePasswordHash(user.id, '', 'x', atMinute(1))).toBe(false);
      expect(await repos().users.findById(user.id)).toEqual(user);
      const unknown = crypto.randomUUID();
      expect(await repos().users.replacePasswordHash(unknown, 'a', 'b', atMinute(1))).toBe(false);
      expect(await repos().users.findById(unknown)).toBeNull();
    });

    it('stores copies: mutating the input or a returned user leaves the store unchanged', async () => {
      const input = aUser({ metadata: { roles: ['reader'] } });
      const created = present(await repos().users.create(input));
      const snapshot = structuredClone(input);

      (input as Writable<typeof input>).email = 'mutated@example.test';
      (created as Writable<typeof created>).banReason = 'mutated';
      (present(input.metadata.roles) as string[]).push('admin');
      const found = present(await repos().users.findById(snapshot.id));
      found.createdAt.setTime(0);
      (found.metadata as Record<string, unknown>).injected = true;

      expect(await repos().users.findById(snapshot.id)).toEqual(snapshot);
      expect(await repos().users.findByEmailKey(snapshot.emailKey)).toEqual(snapshot);
    });
  });
}
