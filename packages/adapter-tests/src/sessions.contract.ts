import { describe, expect, it } from 'vitest';
import { aSession, atMinute } from './builders.ts';
import { givenSession, givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `SessionRepo`: storage, newest-first listing, monotonic touch (ending: session-end). */
export function describeSessionContract(repos: ReposAccessor): void {
  describe('sessions', () => {
    it('create then findById returns the session with Dates and nulls intact', async () => {
      const user = await givenUser(repos());
      const session = aSession(user.id, {
        aal: 'aal2',
        ip: null,
        userAgent: null,
        createdAt: atMinute(1),
        lastUsedAt: atMinute(2),
        expiresAt: atMinute(90),
      });
      await repos().sessions.create(session);

      const found = present(await repos().sessions.findById(session.id));
      expect(found).toEqual(session);
      expect(found.lastUsedAt).toBeInstanceOf(Date);
      expect(found.expiresAt.getTime()).toBe(atMinute(90).getTime());
    });

    it('findById of an unknown id returns null', async () => {
      expect(await repos().sessions.findById(crypto.randomUUID())).toBeNull();
    });

    it('returned sessions are copies', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const found = present(await repos().sessions.findById(session.id));
      (found as Writable<typeof found>).aal = 'aal2';
      found.expiresAt.setTime(0);
      const [listed] = await repos().sessions.listByUser(user.id);
      (present(listed) as Writable<typeof session>).userId = 'someone-else';
      expect(await repos().sessions.findById(session.id)).toEqual(session);
    });

    it('listByUser returns only that user’s sessions, newest first', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      const middle = await givenSession(repos(), user.id, { createdAt: atMinute(5) });
      const oldest = await givenSession(repos(), user.id, { createdAt: atMinute(1) });
      const newest = await givenSession(repos(), user.id, { createdAt: atMinute(9) });
      await givenSession(repos(), other.id, { createdAt: atMinute(7) });

      expect(await repos().sessions.listByUser(user.id)).toEqual([newest, middle, oldest]);
    });

    it('listByUser includes expired sessions (core filters them) and is [] for none', async () => {
      const user = await givenUser(repos());
      const expired = await givenSession(repos(), user.id, { expiresAt: atMinute(-1) });
      expect(await repos().sessions.listByUser(user.id)).toEqual([expired]);
      expect(await repos().sessions.listByUser(crypto.randomUUID())).toEqual([]);
    });

    it('touch moves lastUsedAt forward and nothing else', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id, { lastUsedAt: atMinute(10) });
      await repos().sessions.touch(session.id, atMinute(12));
      expect(await repos().sessions.findById(session.id)).toEqual({
        ...session,
        lastUsedAt: atMinute(12),
      });
    });

    it('touch never moves lastUsedAt backwards', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id, { lastUsedAt: atMinute(10) });
      await repos().sessions.touch(session.id, atMinute(4));
      expect(await repos().sessions.findById(session.id)).toEqual(session);
      await repos().sessions.touch(session.id, atMinute(10));
      expect(await repos().sessions.findById(session.id)).toEqual(session);
    });

    it('touch of an unknown session writes nothing', async () => {
      const id = crypto.randomUUID();
      await repos().sessions.touch(id, atMinute(1));
      expect(await repos().sessions.findById(id)).toBeNull();
    });
  });
}
