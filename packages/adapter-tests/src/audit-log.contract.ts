import type { AuditLogQuery, AuditLogRecord, Repositories } from '@portcullis/core';
import { isAuthError } from '@portcullis/core';
import { encodeCursor } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { anAuditEntry, atMinute } from './builders.ts';
import type { ReposAccessor } from './subject.ts';

/** Every page of a query, followed by cursor until `nextCursor` is `null`. */
async function allPages(
  repos: Repositories,
  query: Omit<AuditLogQuery, 'cursor'>,
): Promise<AuditLogRecord[][]> {
  const pages: AuditLogRecord[][] = [];
  let cursor: string | null = null;
  do {
    const page = await repos.auditLog.list(cursor === null ? query : { ...query, cursor });
    pages.push([...page.entries]);
    cursor = page.nextCursor;
    // A cursor that never ends would loop forever; no test here has more than 10 pages.
    if (pages.length > 10) throw new Error('pagination did not end');
  } while (cursor !== null);
  return pages;
}

/** `text` as an unpadded base64url cursor would carry it. */
const encoded = (text: string) =>
  btoa(text).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');

const ids = (entries: readonly AuditLogRecord[]) => entries.map((entry) => entry.details.tag);

/** `AuditLogRepo`: storage, the three queries, cursor pagination, pseudonymisation, retention. */
export function describeAuditLogContract(repos: ReposAccessor): void {
  describe('audit log', () => {
    it('append then list returns the event with every column intact and a numeric id', async () => {
      const entry = anAuditEntry({
        type: 'user.banned',
        actorId: crypto.randomUUID(),
        sessionId: 'session-1',
        details: { reason: 'spam', nested: { list: [1, 'two', null, true] } },
      });
      await repos().auditLog.append(entry);

      const page = await repos().auditLog.list({ userId: entry.userId ?? '', limit: 10 });
      expect(page.nextCursor).toBeNull();
      expect(page.entries).toHaveLength(1);
      const { id, ...stored } = page.entries[0] as AuditLogRecord;
      expect(stored).toEqual(entry);
      expect(stored.at).toBeInstanceOf(Date);
      expect(id).toMatch(/^[1-9][0-9]*$/);
    });

    it('stores nulls as nulls and lists the most recently stored first, whatever the event times', async () => {
      const userId = crypto.randomUUID();
      const bare = { userId, ip: null, userAgent: null, actorId: null, sessionId: null };
      for (const [tag, minute] of [
        ['a', 1],
        ['b', 3],
        ['c', 2],
        ['d', 2],
        ['e', 2],
      ] as const) {
        await repos().auditLog.append(
          anAuditEntry({ ...bare, at: atMinute(minute), details: { tag } }),
        );
      }
      const { entries } = await repos().auditLog.list({ userId, limit: 10 });
      // A flow may stamp two events a millisecond apart out of order; the log keeps the
      // order they were recorded in.
      expect(ids(entries)).toEqual(['e', 'd', 'c', 'b', 'a']);
      expect(entries[0]).toMatchObject({
        ip: null,
        userAgent: null,
        actorId: null,
        sessionId: null,
      });
    });

    it('filters by user, by types and by a time range [from, to), combined', async () => {
      const userId = crypto.randomUUID();
      const other = crypto.randomUUID();
      const add = (tag: string, minute: number, type: AuditLogRecord['type'], who = userId) =>
        repos().auditLog.append(
          anAuditEntry({ userId: who, type, at: atMinute(minute), details: { tag } }),
        );
      await add('signed-in-1', 1, 'user.signed_in');
      await add('failed-2', 2, 'user.sign_in_failed');
      await add('signed-in-3', 3, 'user.signed_in');
      await add('revoked-4', 4, 'session.revoked');
      await add('other-2', 2, 'user.signed_in', other);

      const list = (query: Omit<AuditLogQuery, 'limit'>) =>
        repos()
          .auditLog.list({ limit: 10, ...query })
          .then((page) => ids(page.entries));
      expect(await list({ userId })).toEqual([
        'revoked-4',
        'signed-in-3',
        'failed-2',
        'signed-in-1',
      ]);
      expect(await list({ userId, types: ['user.signed_in'] })).toEqual([
        'signed-in-3',
        'signed-in-1',
      ]);
      expect(await list({ userId, types: ['user.signed_in', 'session.revoked'] })).toEqual([
        'revoked-4',
        'signed-in-3',
        'signed-in-1',
      ]);
      expect(await list({ userId, types: [] })).toEqual([]);
      expect(await list({ userId, from: atMinute(2), to: atMinute(4) })).toEqual([
        'signed-in-3',
        'failed-2',
      ]);
      expect(await list({ userId, from: atMinute(4) })).toEqual(['revoked-4']);
      expect(await list({ userId, to: atMinute(1) })).toEqual([]);
      expect(await list({ userId, types: ['user.signed_in'], from: atMinute(2) })).toEqual([
        'signed-in-3',
      ]);
      // Without a user filter the range reaches every user's events of that instant.
      const atTwo = await list({ from: atMinute(2), to: new Date(atMinute(2).getTime() + 1) });
      expect(atTwo).toEqual(expect.arrayContaining(['failed-2', 'other-2']));
    });

    it('pages through a trail with a cursor: every event once, in order, ties split across pages', async () => {
      const userId = crypto.randomUUID();
      const minutes = [1, 2, 2, 2, 2, 3, 4, 4];
      for (const [index, minute] of minutes.entries()) {
        await repos().auditLog.append(
          anAuditEntry({ userId, at: atMinute(minute), details: { tag: index } }),
        );
      }
      const pages = await allPages(repos(), { userId, limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
      expect(pages.flat().map((entry) => entry.details.tag)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);

      // An exactly full last page ends with a null cursor.
      const even = await allPages(repos(), { userId, limit: 4 });
      expect(even.map((page) => page.length)).toEqual([4, 4]);
    });

    it('a later page never shows an event appended after the first page was read', async () => {
      const userId = crypto.randomUUID();
      for (const minute of [1, 2, 3]) {
        await repos().auditLog.append(
          anAuditEntry({ userId, at: atMinute(minute), details: { tag: minute } }),
        );
      }
      const first = await repos().auditLog.list({ userId, limit: 2 });
      await repos().auditLog.append(anAuditEntry({ userId, at: atMinute(9), details: { tag: 9 } }));
      const second = await repos().auditLog.list({
        userId,
        limit: 2,
        cursor: first.nextCursor ?? '',
      });
      expect(ids(second.entries)).toEqual([1]);
    });

    it('refuses a cursor it did not issue (InputError), and a limit below 1', async () => {
      const userId = crypto.randomUUID();
      const refused = async (query: AuditLogQuery) => {
        const error = await repos()
          .auditLog.list(query)
          .then(
            () => null,
            (caught: unknown) => caught,
          );
        expect(isAuthError(error, 'INPUT_INVALID'), JSON.stringify(query)).toBe(true);
      };
      await refused({ userId, limit: 5, cursor: 'not a cursor!' });
      // A users-list cursor, and audit cursors naming no id a bigint holds.
      await refused({ userId, limit: 5, cursor: encodeCursor({ createdAtMs: 0, id: 'user-1' }) });
      for (const id of ['0', '99999999999999999999', '-1', '1.5'])
        await refused({ userId, limit: 5, cursor: encoded(`audit:${id}`) });
      await refused({ userId, limit: 0 });
    });

    it('pseudonymises one user: ids replaced, address and agent gone, ban reason gone, others untouched', async () => {
      const userId = crypto.randomUUID();
      const admin = crypto.randomUUID();
      const bystander = crypto.randomUUID();
      const pseudonym = `erased:${crypto.randomUUID().replaceAll('-', '')}`;
      await repos().auditLog.append(
        anAuditEntry({ userId, at: atMinute(1), details: { reason: 'invalid_credentials' } }),
      );
      await repos().auditLog.append(
        anAuditEntry({
          userId,
          actorId: admin,
          type: 'user.banned',
          at: atMinute(2),
          details: { reason: 'wrote to me' },
        }),
      );
      // The user acting as an operator on someone else.
      await repos().auditLog.append(
        anAuditEntry({
          userId: bystander,
          actorId: userId,
          type: 'user.unbanned',
          at: atMinute(3),
          details: {},
        }),
      );
      await repos().auditLog.append(
        anAuditEntry({ userId: bystander, at: atMinute(4), details: { tag: 'kept' } }),
      );

      expect(await repos().auditLog.pseudonymiseUser(userId, pseudonym)).toBe(3);

      expect((await repos().auditLog.list({ userId, limit: 10 })).entries).toEqual([]);
      const own = (await repos().auditLog.list({ userId: pseudonym, limit: 10 })).entries;
      expect(
        own.map((entry) => [entry.type, entry.userId, entry.actorId, entry.ip, entry.userAgent]),
      ).toEqual([
        ['user.banned', pseudonym, admin, null, null],
        ['user.sign_in_failed', pseudonym, null, null, null],
      ]);
      expect(own.map((entry) => entry.details)).toEqual([{}, { reason: 'invalid_credentials' }]);
      const theirs = (await repos().auditLog.list({ userId: bystander, limit: 10 })).entries;
      expect(theirs.map((entry) => [entry.actorId, entry.ip])).toEqual([
        [null, '203.0.113.7'],
        [pseudonym, null],
      ]);
      expect(await repos().auditLog.pseudonymiseUser(userId, pseudonym)).toBe(0);
    });

    it('deleteOlderThan removes exactly the events strictly before the cutoff', async () => {
      // Times before any other test's, so the cutoff reaches only this test's events.
      const userId = crypto.randomUUID();
      const old = new Date(Date.UTC(1990, 0, 1));
      const cutoff = new Date(Date.UTC(1990, 0, 2));
      await repos().auditLog.append(anAuditEntry({ userId, at: old, details: { tag: 'old' } }));
      await repos().auditLog.append(anAuditEntry({ userId, at: cutoff, details: { tag: 'edge' } }));
      await repos().auditLog.append(
        anAuditEntry({ userId, at: atMinute(0), details: { tag: 'new' } }),
      );

      expect(await repos().auditLog.deleteOlderThan(cutoff)).toBe(1);
      const { entries } = await repos().auditLog.list({ userId, limit: 10 });
      expect(ids(entries)).toEqual(['new', 'edge']);
    });

    it('50 concurrent appends are all stored, each with its own id', async () => {
      const userId = crypto.randomUUID();
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          repos().auditLog.append(
            anAuditEntry({ userId, at: atMinute(index % 3), details: { tag: index } }),
          ),
        ),
      );
      const entries = (await allPages(repos(), { userId, limit: 20 })).flat();
      expect(new Set(entries.map((entry) => entry.details.tag)).size).toBe(50);
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(50);
    });

    it('returned events are copies', async () => {
      const entry = anAuditEntry();
      await repos().auditLog.append(entry);
      const query = { userId: entry.userId ?? '', limit: 1 };
      const [found] = (await repos().auditLog.list(query)).entries;
      found?.at.setTime(0);
      (found?.details as Record<string, unknown>).reason = 'changed';
      const [again] = (await repos().auditLog.list(query)).entries;
      expect(again).toMatchObject({ at: entry.at, details: entry.details });
    });
  });
}
