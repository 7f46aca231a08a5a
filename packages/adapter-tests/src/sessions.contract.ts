import { describe, expect, it } from 'vitest';
import { aSession, atMinute } from './builders.ts';
import { givenSession, givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `SessionRepo`: storage, newest-first listing, monotonic touch, deletion counts. */
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

    it('delete removes one session and reports whether it existed', async () => {
      const user = await givenUser(repos());
      const doomed = await givenSession(repos(), user.id);
      const kept = await givenSession(repos(), user.id);

      expect(await repos().sessions.delete(doomed.id)).toBe(true);
      expect(await repos().sessions.findById(doomed.id)).toBeNull();
      expect(await repos().sessions.findById(kept.id)).toEqual(kept);
      expect(await repos().sessions.delete(doomed.id)).toBe(false);
      expect(await repos().sessions.delete(crypto.randomUUID())).toBe(false);
    });

    it('deleteByUser deletes every session of the user and returns the count', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      for (let i = 0; i < 3; i += 1) await givenSession(repos(), user.id);
      const bystander = await givenSession(repos(), other.id);

      expect(await repos().sessions.deleteByUser(user.id)).toBe(3);
      expect(await repos().sessions.listByUser(user.id)).toEqual([]);
      expect(await repos().sessions.findById(bystander.id)).toEqual(bystander);
      expect(await repos().sessions.deleteByUser(user.id)).toBe(0);
    });

    it('deleteByUser keeps exceptId and does not count it', async () => {
      const user = await givenUser(repos());
      const current = await givenSession(repos(), user.id);
      await givenSession(repos(), user.id);
      await givenSession(repos(), user.id);

      expect(await repos().sessions.deleteByUser(user.id, current.id)).toBe(2);
      expect(await repos().sessions.listByUser(user.id)).toEqual([current]);
      expect(await repos().sessions.deleteByUser(user.id, current.id)).toBe(0);
    });

    it('deleteByUser with another user’s session as exceptId neither keeps nor deletes it', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      await givenSession(repos(), user.id);
      await givenSession(repos(), user.id);
      const foreign = await givenSession(repos(), other.id);

      expect(await repos().sessions.deleteByUser(user.id, foreign.id)).toBe(2);
      expect(await repos().sessions.listByUser(user.id)).toEqual([]);
      expect(await repos().sessions.findById(foreign.id)).toEqual(foreign);
    });
  });
}
