/**
 * "A ban is final": sessions and refresh tokens are only created for a user who may hold
 * them, checked in the same atomic step as the insert. Raced against a ban, no session or
 * token may survive the ban's revoke-all.
 */
import { describe, expect, it } from 'vitest';
import { aRefreshToken, aSession, atMinute } from './builders.ts';
import { givenFamily, givenSession, givenUser, present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** Ends every session and refresh token of the user, as core's revoke-all does. */
async function revokeAll(repos: ReposAccessor, userId: string) {
  await repos().sessions.endByUser(userId, atMinute(1));
}

export function describeAccountStatusContract(repos: ReposAccessor): void {
  describe('account status', () => {
    it('sessions.create refuses a banned, soft-deleted or missing user and stores nothing', async () => {
      const banned = await givenUser(repos(), { bannedAt: atMinute(0) });
      const deleted = await givenUser(repos(), { deletedAt: atMinute(0) });
      for (const userId of [banned.id, deleted.id, crypto.randomUUID()]) {
        const session = aSession(userId);
        expect(await repos().sessions.create(session)).toBe(false);
        expect(await repos().sessions.findById(session.id)).toBeNull();
      }
    });

    it('sessions.create with a password precondition inserts only while that hash is stored', async () => {
      const user = await givenUser(repos());
      const stored = { passwordHash: user.passwordHash };
      const stale = aSession(user.id);
      expect(await repos().sessions.create(stale, { passwordHash: 'an-older-hash' })).toBe(false);
      expect(await repos().sessions.findById(stale.id)).toBeNull();
      const current = aSession(user.id);
      expect(await repos().sessions.create(current, stored)).toBe(true);
      const passwordless = await givenUser(repos(), { passwordHash: null });
      expect(await repos().sessions.create(aSession(passwordless.id), stored)).toBe(false);
      const none = aSession(passwordless.id);
      expect(await repos().sessions.create(none, { passwordHash: null })).toBe(true);
    });

    it('20 sign-ins with the old password racing a reset: none survives its revoke-all', async () => {
      const user = await givenUser(repos());
      const old = { passwordHash: user.passwordHash };
      const sessions = Array.from({ length: 20 }, () => aSession(user.id));
      const reset = (async () => {
        await repos().users.update(user.id, {
          passwordHash: 'the-new-hash',
          updatedAt: atMinute(1),
        });
        await revokeAll(repos, user.id);
      })();
      const created = await Promise.all(
        sessions.map((session) => repos().sessions.create(session, old)),
      );
      await reset;
      // Whatever the interleaving, a session made with the old password is gone after the
      // reset's revoke-all: inserted before the update (and ended), or refused after it.
      for (const [i, session] of sessions.entries()) {
        const found = await repos().sessions.findById(session.id);
        expect(found, `session ${i} (created: ${created[i]})`).toBeNull();
      }
    });

    it('refreshTokens.create refuses a banned, soft-deleted or missing user', async () => {
      const { user, owner } = await givenFamily(repos());
      const deleted = await givenUser(repos(), { deletedAt: atMinute(0) });
      const ofDeleted = aRefreshToken({ sessionId: owner.sessionId, userId: deleted.id });
      const ofMissing = aRefreshToken({ sessionId: owner.sessionId, userId: crypto.randomUUID() });
      expect(await repos().refreshTokens.create(ofDeleted)).toBe(false);
      expect(await repos().refreshTokens.create(ofMissing)).toBe(false);
      await repos().users.update(user.id, { bannedAt: atMinute(1), updatedAt: atMinute(1) });
      const afterBan = aRefreshToken(owner);
      expect(await repos().refreshTokens.create(afterBan)).toBe(false);
      for (const token of [ofDeleted, ofMissing, afterBan]) {
        expect(await repos().refreshTokens.findByHash(token.tokenHash)).toBeNull();
      }
    });

    it('rotate refuses the live token of a banned user and writes nothing', async () => {
      const { user, owner, token } = await givenFamily(repos());
      await repos().users.update(user.id, { deletedAt: atMinute(1), updatedAt: atMinute(1) });
      const successor = aRefreshToken(owner);
      expect(await repos().refreshTokens.rotate(token.tokenHash, successor, atMinute(2))).toEqual({
        ok: false,
        current: token,
      });
      expect(await repos().refreshTokens.findByHash(successor.tokenHash)).toBeNull();
    });

    it('50 session creations racing a ban and its revoke-all: none survives', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const ban = (async () => {
        await repos().users.update(user.id, { bannedAt: atMinute(1), updatedAt: atMinute(1) });
        await revokeAll(repos, user.id);
      })();
      const creations = Array.from({ length: 50 }, () =>
        repos().sessions.create(aSession(user.id)),
      );
      await Promise.all([ban, ...creations]);
      expect(await repos().sessions.listByUser(user.id)).toEqual([]);
      expect(await repos().sessions.findById(session.id)).toBeNull();
    });

    it('50 refresh issues and rotations racing a ban and its revoke-all: no live token survives', async () => {
      const { user, owner, token } = await givenFamily(repos());
      const ban = (async () => {
        await repos().users.update(user.id, { bannedAt: atMinute(1), updatedAt: atMinute(1) });
        await revokeAll(repos, user.id);
      })();
      const issued = Array.from({ length: 25 }, () => aRefreshToken(owner));
      const rotated = Array.from({ length: 25 }, () => aRefreshToken(owner));
      await Promise.all([
        ban,
        ...issued.map((next) => repos().refreshTokens.create(next)),
        ...rotated.map((next) => repos().refreshTokens.rotate(token.tokenHash, next, atMinute(1))),
      ]);
      for (const next of [token, ...issued, ...rotated]) {
        const stored = await repos().refreshTokens.findByHash(next.tokenHash);
        if (stored !== null) expect(present(stored).revokedAt).not.toBeNull();
      }
    });
  });
}
