import type { Repositories, UserListQuery, UserRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, uniqueTag } from './builders.ts';
import { givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** Reads every page of a listing, returning the pages as they came. */
async function allPages(
  repos: Repositories,
  query: Omit<UserListQuery, 'cursor'>,
): Promise<(readonly UserRecord[])[]> {
  const pages: (readonly UserRecord[])[] = [];
  let cursor: string | null = null;
  do {
    const page = await repos.users.list(cursor === null ? query : { ...query, cursor });
    pages.push(page.users);
    cursor = page.nextCursor;
    // A cursor that never ends would loop forever; no test creates more than 10 pages.
    if (pages.length > 10) throw new Error('list never returned nextCursor: null');
  } while (cursor !== null);
  return pages;
}

/** Expected listing order: creation time, then id (ids here are lower-case hex UUIDs). */
function byCreationThenId(a: UserRecord, b: UserRecord): number {
  const time = a.createdAt.getTime() - b.createdAt.getTime();
  if (time !== 0) return time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Creates users whose email keys share a fresh tag, with creation times out of insertion
 * order and ties, so only a correct ORDER BY yields the expected sequence. Never assumes
 * the store is empty: listings filter by the tag.
 */
async function givenTaggedUsers(repos: Repositories, minutes: readonly number[]) {
  const tag = uniqueTag();
  const users: UserRecord[] = [];
  for (const [index, minute] of minutes.entries()) {
    users.push(
      await givenUser(repos, {
        email: `Member${index}.${tag}@Example.test`,
        createdAt: atMinute(minute),
      }),
    );
  }
  return { tag, users, ordered: [...users].sort(byCreationThenId) };
}

/** `UserRepo.list`: filtering, soft-delete visibility and cursor pagination. */
export function describeUserListContract(repos: ReposAccessor): void {
  describe('users.list', () => {
    it('pages through matching users in creation-then-id order with a cursor', async () => {
      const { tag, ordered } = await givenTaggedUsers(repos(), [3, 1, 1, 2, 0]);
      const pages = await allPages(repos(), { emailContains: tag, limit: 2 });

      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((user) => user.id)).toEqual(ordered.map((user) => user.id));
      expect(pages.flat()).toEqual(ordered);
    });

    it('returns nextCursor null on the last page, also when it is exactly full', async () => {
      const { tag, ordered } = await givenTaggedUsers(repos(), [0, 1, 2, 3]);
      const whole = await repos().users.list({ emailContains: tag, limit: 4 });
      expect(whole.users).toEqual(ordered);
      expect(whole.nextCursor).toBeNull();

      const first = await repos().users.list({ emailContains: tag, limit: 3 });
      expect(first.users).toEqual(ordered.slice(0, 3));
      expect(first.nextCursor).not.toBeNull();
    });

    it('gives the same order on every call, ties included', async () => {
      const { tag, ordered } = await givenTaggedUsers(repos(), [5, 5, 5, 5]);
      for (let round = 0; round < 3; round += 1) {
        const page = await repos().users.list({ emailContains: tag, limit: 10 });
        expect(page.users.map((user) => user.id)).toEqual(ordered.map((user) => user.id));
      }
    });

    it('a later page includes users created after the cursor was issued, without repeats', async () => {
      const { tag, ordered } = await givenTaggedUsers(repos(), [0, 1, 2]);
      const first = await repos().users.list({ emailContains: tag, limit: 2 });
      expect(first.users).toEqual(ordered.slice(0, 2));
      const late = await givenUser(repos(), {
        email: `Late.${tag}@example.test`,
        createdAt: atMinute(9),
      });
      const rest = await repos().users.list({
        emailContains: tag,
        limit: 10,
        cursor: first.nextCursor ?? '',
      });
      expect(rest.users).toEqual([ordered[2], late]);
      expect(rest.nextCursor).toBeNull();
    });

    it('matches emailContains case-insensitively as a substring of the email key', async () => {
      const { tag, ordered } = await givenTaggedUsers(repos(), [0, 1]);
      const upper = await repos().users.list({ emailContains: tag.toUpperCase(), limit: 10 });
      expect(upper.users).toEqual(ordered);
      const middle = await repos().users.list({ emailContains: `ber1.${tag}@ex`, limit: 10 });
      expect(middle.users).toEqual([ordered[1]]);
    });

    it('treats LIKE wildcards in emailContains as literal characters', async () => {
      const tag = uniqueTag();
      const underscore = await givenUser(repos(), { email: `a_b.${tag}@example.test` });
      await givenUser(repos(), { email: `axb.${tag}@example.test` });
      await givenUser(repos(), { email: `a%b.${tag}x@example.test` });

      const literal = await repos().users.list({ emailContains: `a_b.${tag}`, limit: 10 });
      expect(literal.users).toEqual([underscore]);
      const percent = await repos().users.list({ emailContains: `%b.${tag}@`, limit: 10 });
      expect(percent.users).toEqual([]);
    });

    it('hides soft-deleted users unless includeDeleted is true', async () => {
      const tag = uniqueTag();
      const live = await givenUser(repos(), {
        email: `live.${tag}@example.test`,
        createdAt: atMinute(0),
      });
      const gone = await givenUser(repos(), {
        email: `gone.${tag}@example.test`,
        createdAt: atMinute(1),
        deletedAt: atMinute(2),
      });

      expect((await repos().users.list({ emailContains: tag, limit: 10 })).users).toEqual([live]);
      const explicit = await repos().users.list({
        emailContains: tag,
        includeDeleted: false,
        limit: 10,
      });
      expect(explicit.users).toEqual([live]);
      const all = await repos().users.list({ emailContains: tag, includeDeleted: true, limit: 10 });
      expect(all.users).toEqual([live, gone]);
    });

    it('hides a user soft-deleted by update', async () => {
      const tag = uniqueTag();
      const user = await givenUser(repos(), { email: `soon.${tag}@example.test` });
      await repos().users.update(user.id, { deletedAt: atMinute(4), updatedAt: atMinute(4) });
      expect((await repos().users.list({ emailContains: tag, limit: 10 })).users).toEqual([]);
    });

    it('without a filter returns at most limit users', async () => {
      await givenTaggedUsers(repos(), [0, 1, 2]);
      const page = await repos().users.list({ limit: 2 });
      expect(page.users).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
    });
  });
}
