/**
 * `SessionRepo.end` and `endByUser`: a session and its refresh-token family end in one
 * step, so no failure between two writes can leave a live refresh token on a dead session
 * (or a live session whose tokens were revoked), and racing calls agree on one outcome.
 */
import { describe, expect, it } from 'vitest';
import { aRefreshToken, atMinute } from './builders.ts';
import { givenFamily, givenRefreshToken, givenSession, givenUser, present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** Contract cases for ending sessions together with their refresh-token families. */
export function describeSessionEndContract(repos: ReposAccessor): void {
  describe('sessions.end / endByUser', () => {
    it('end deletes the session and revokes its whole family, rotated tokens included', async () => {
      const { user, session, token, owner } = await givenFamily(repos());
      const live = aRefreshToken(owner);
      await repos().refreshTokens.rotate(token.tokenHash, live, atMinute(1));
      const revokedBefore = await givenRefreshToken(repos(), session, { revokedAt: atMinute(2) });
      const sibling = await givenFamily(repos());
      const sameUserSession = await givenSession(repos(), user.id);
      const sameUserToken = await givenRefreshToken(repos(), sameUserSession);

      expect(await repos().sessions.end(session.id, atMinute(4))).toBe(true);
      expect(await repos().sessions.findById(session.id)).toBeNull();
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual({
        ...token,
        rotatedAt: atMinute(1),
        revokedAt: atMinute(4),
      });
      expect(await repos().refreshTokens.findByHash(live.tokenHash)).toEqual({
        ...live,
        revokedAt: atMinute(4),
      });
      // An earlier revocation keeps its time.
      expect(await repos().refreshTokens.findByHash(revokedBefore.tokenHash)).toEqual(
        revokedBefore,
      );
      expect(await repos().sessions.findById(sameUserSession.id)).toEqual(sameUserSession);
      expect(await repos().refreshTokens.findByHash(sameUserToken.tokenHash)).toEqual(
        sameUserToken,
      );
      expect(await repos().refreshTokens.findByHash(sibling.token.tokenHash)).toEqual(
        sibling.token,
      );
      expect(await repos().sessions.end(session.id, atMinute(5))).toBe(false);
      expect(await repos().sessions.end(crypto.randomUUID(), atMinute(5))).toBe(false);
    });

    it('end revokes a family whose session row is already gone, answering false', async () => {
      const { session, token } = await givenFamily(repos());
      expect(await repos().sessions.end(session.id, atMinute(1))).toBe(true);
      // A token written after the session ended (a rotation that raced it) still dies.
      const straggler = await givenRefreshToken(repos(), session);
      expect(await repos().sessions.end(session.id, atMinute(2))).toBe(false);
      expect(
        present(await repos().refreshTokens.findByHash(straggler.tokenHash)).revokedAt,
      ).toEqual(atMinute(2));
      expect(present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt).toEqual(
        atMinute(1),
      );
    });

    it('endByUser ends every session and family of the user, and no one else’s', async () => {
      const { user, session, token } = await givenFamily(repos());
      const second = await givenSession(repos(), user.id);
      const secondToken = await givenRefreshToken(repos(), second);
      const tokenless = await givenSession(repos(), user.id);
      const bystander = await givenFamily(repos());

      expect(await repos().sessions.endByUser(user.id, atMinute(6))).toBe(3);
      for (const ended of [session, second, tokenless]) {
        expect(await repos().sessions.findById(ended.id)).toBeNull();
      }
      for (const revoked of [token, secondToken]) {
        expect(await repos().refreshTokens.findByHash(revoked.tokenHash)).toEqual({
          ...revoked,
          revokedAt: atMinute(6),
        });
      }
      expect(await repos().sessions.findById(bystander.session.id)).toEqual(bystander.session);
      expect(await repos().refreshTokens.findByHash(bystander.token.tokenHash)).toEqual(
        bystander.token,
      );
      expect(await repos().sessions.endByUser(user.id, atMinute(7))).toBe(0);
    });

    it('endByUser keeps exceptId and its family, and does not count it', async () => {
      const { user, session, token } = await givenFamily(repos());
      const other = await givenSession(repos(), user.id);
      const otherToken = await givenRefreshToken(repos(), other);

      expect(await repos().sessions.endByUser(user.id, atMinute(6), session.id)).toBe(1);
      expect(await repos().sessions.listByUser(user.id)).toEqual([session]);
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(
        present(await repos().refreshTokens.findByHash(otherToken.tokenHash)).revokedAt,
      ).toEqual(atMinute(6));
      expect(await repos().sessions.endByUser(user.id, atMinute(7), session.id)).toBe(0);
    });

    it('endByUser with another user’s session as exceptId spares nothing and touches it not', async () => {
      const { user, session, token } = await givenFamily(repos());
      const foreign = await givenFamily(repos());

      expect(await repos().sessions.endByUser(user.id, atMinute(3), foreign.session.id)).toBe(1);
      expect(await repos().sessions.findById(session.id)).toBeNull();
      expect(present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt).toEqual(
        atMinute(3),
      );
      expect(await repos().sessions.findById(foreign.session.id)).toEqual(foreign.session);
      expect(await repos().refreshTokens.findByHash(foreign.token.tokenHash)).toEqual(
        foreign.token,
      );
    });

    it('20 concurrent ends of one session: exactly one reports it, the family is revoked', async () => {
      const { session, token } = await givenFamily(repos());
      const results = await Promise.all(
        Array.from({ length: 20 }, () => repos().sessions.end(session.id, atMinute(2))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt).toEqual(
        atMinute(2),
      );
    });

    it('end racing a rotation: the session is gone and every token that existed is revoked', async () => {
      const { session, token, owner } = await givenFamily(repos());
      const successor = aRefreshToken(owner);
      const [rotation, ended] = await Promise.all([
        repos().refreshTokens.rotate(token.tokenHash, successor, atMinute(1)),
        repos().sessions.end(session.id, atMinute(1)),
      ]);
      expect(ended).toBe(true);
      expect(await repos().sessions.findById(session.id)).toBeNull();
      expect(present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt).toEqual(
        atMinute(1),
      );
      // Either order is allowed. A successor the rotation wrote after `end`'s snapshot may
      // be unrevoked, but it names a session that no longer exists: core reads the session
      // before any rotation and refuses it (`session_ended`), ending the family again.
      if (!rotation.ok)
        expect(await repos().refreshTokens.findByHash(successor.tokenHash)).toBeNull();
      expect(await repos().sessions.end(session.id, atMinute(2))).toBe(false);
      expect(
        present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt,
      ).not.toBeNull();
      const after = await repos().refreshTokens.findByHash(successor.tokenHash);
      if (after !== null) expect(after.revokedAt).not.toBeNull();
    });

    it('concurrent endByUser calls end each session once in total', async () => {
      const user = await givenUser(repos());
      for (let i = 0; i < 5; i += 1)
        await givenRefreshToken(repos(), await givenSession(repos(), user.id));
      const counts = await Promise.all(
        Array.from({ length: 10 }, () => repos().sessions.endByUser(user.id, atMinute(1))),
      );
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(5);
      expect(await repos().sessions.listByUser(user.id)).toEqual([]);
    });
  });
}
