import { describe, expect, it } from 'vitest';
import { aRefreshToken, atMinute, randomHash } from './builders.ts';
import {
  givenFamily,
  givenRefreshToken,
  givenSession,
  givenUser,
  present,
  type Writable,
} from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `RefreshTokenRepo`: storage, single-use rotation, family and user revocation. */
export function describeRefreshTokenContract(repos: ReposAccessor): void {
  describe('refreshTokens', () => {
    it('create then findByHash returns the token with Dates intact', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const token = aRefreshToken(
        { sessionId: session.id, userId: user.id },
        { createdAt: atMinute(3), expiresAt: atMinute(63), familyExpiresAt: atMinute(900) },
      );
      await repos().refreshTokens.create(token);
      const found = present(await repos().refreshTokens.findByHash(token.tokenHash));
      expect(found).toEqual(token);
      expect(found.familyExpiresAt).toBeInstanceOf(Date);
      expect(await repos().refreshTokens.findByHash(randomHash())).toBeNull();
    });

    it('returned tokens are copies', async () => {
      const { token } = await givenFamily(repos());
      const found = present(await repos().refreshTokens.findByHash(token.tokenHash));
      (found as Writable<typeof found>).revokedAt = atMinute(1);
      found.expiresAt.setTime(0);
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual(token);
    });

    it('rotate marks the live token rotated at now and stores its successor', async () => {
      const { session, token } = await givenFamily(repos());
      const next = aRefreshToken(
        { sessionId: session.id, userId: session.userId },
        { createdAt: atMinute(5), familyExpiresAt: token.familyExpiresAt },
      );

      expect(await repos().refreshTokens.rotate(token.tokenHash, next, atMinute(5))).toEqual({
        ok: true,
      });
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual({
        ...token,
        rotatedAt: atMinute(5),
      });
      expect(await repos().refreshTokens.findByHash(next.tokenHash)).toEqual(next);
    });

    it('rotating the successor continues the chain', async () => {
      const { session, token } = await givenFamily(repos());
      const owner = { sessionId: session.id, userId: session.userId };
      const second = aRefreshToken(owner);
      const third = aRefreshToken(owner);
      expect((await repos().refreshTokens.rotate(token.tokenHash, second, atMinute(1))).ok).toBe(
        true,
      );
      expect((await repos().refreshTokens.rotate(second.tokenHash, third, atMinute(2))).ok).toBe(
        true,
      );
      expect(await repos().refreshTokens.findByHash(third.tokenHash)).toEqual(third);
    });

    it('rotate of an already rotated token (replay) writes nothing and returns it', async () => {
      const { session, token } = await givenFamily(repos());
      const owner = { sessionId: session.id, userId: session.userId };
      const first = aRefreshToken(owner);
      const replay = aRefreshToken(owner);
      await repos().refreshTokens.rotate(token.tokenHash, first, atMinute(5));

      const result = await repos().refreshTokens.rotate(token.tokenHash, replay, atMinute(6));
      const rotated = { ...token, rotatedAt: atMinute(5) };
      expect(result).toEqual({ ok: false, current: rotated });
      expect(await repos().refreshTokens.findByHash(replay.tokenHash)).toBeNull();
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual(rotated);
      expect(await repos().refreshTokens.findByHash(first.tokenHash)).toEqual(first);
    });

    it('rotate of a revoked token writes nothing and returns it', async () => {
      const { session, token } = await givenFamily(repos());
      await repos().refreshTokens.revokeFamily(session.id, atMinute(2));
      const next = aRefreshToken({ sessionId: session.id, userId: session.userId });

      const result = await repos().refreshTokens.rotate(token.tokenHash, next, atMinute(3));
      const revoked = { ...token, revokedAt: atMinute(2) };
      expect(result).toEqual({ ok: false, current: revoked });
      expect(await repos().refreshTokens.findByHash(next.tokenHash)).toBeNull();
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual(revoked);
    });

    it('rotate of an unknown hash returns current null and writes nothing', async () => {
      const { session } = await givenFamily(repos());
      const next = aRefreshToken({ sessionId: session.id, userId: session.userId });
      const result = await repos().refreshTokens.rotate(randomHash(), next, atMinute(1));
      expect(result).toEqual({ ok: false, current: null });
      expect(await repos().refreshTokens.findByHash(next.tokenHash)).toBeNull();
    });

    it('revokeFamily revokes every unrevoked token of that session only, with the count', async () => {
      const { user, session, token } = await givenFamily(repos());
      const owner = { sessionId: session.id, userId: user.id };
      const live = aRefreshToken(owner);
      await repos().refreshTokens.rotate(token.tokenHash, live, atMinute(1));
      const sibling = await givenSession(repos(), user.id);
      const siblingToken = await givenRefreshToken(repos(), sibling);

      expect(await repos().refreshTokens.revokeFamily(session.id, atMinute(4))).toBe(2);
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual({
        ...token,
        rotatedAt: atMinute(1),
        revokedAt: atMinute(4),
      });
      expect(await repos().refreshTokens.findByHash(live.tokenHash)).toEqual({
        ...live,
        revokedAt: atMinute(4),
      });
      expect(await repos().refreshTokens.findByHash(siblingToken.tokenHash)).toEqual(siblingToken);
    });

    it('revokeFamily leaves already revoked tokens as they were and counts 0 for them', async () => {
      const { session, token } = await givenFamily(repos());
      expect(await repos().refreshTokens.revokeFamily(session.id, atMinute(2))).toBe(1);
      expect(await repos().refreshTokens.revokeFamily(session.id, atMinute(8))).toBe(0);
      expect(present(await repos().refreshTokens.findByHash(token.tokenHash)).revokedAt).toEqual(
        atMinute(2),
      );
      expect(await repos().refreshTokens.revokeFamily(crypto.randomUUID(), atMinute(1))).toBe(0);
    });

    it('revokeByUser revokes every family of the user and no one else’s', async () => {
      const { user, token } = await givenFamily(repos());
      const secondSession = await givenSession(repos(), user.id);
      const secondToken = await givenRefreshToken(repos(), secondSession);
      const alreadyRevoked = await givenRefreshToken(repos(), secondSession, {
        revokedAt: atMinute(1),
      });
      const bystander = await givenFamily(repos());

      expect(await repos().refreshTokens.revokeByUser(user.id, atMinute(6))).toBe(2);
      for (const revoked of [token, secondToken]) {
        expect(await repos().refreshTokens.findByHash(revoked.tokenHash)).toEqual({
          ...revoked,
          revokedAt: atMinute(6),
        });
      }
      expect(await repos().refreshTokens.findByHash(alreadyRevoked.tokenHash)).toEqual(
        alreadyRevoked,
      );
      expect(await repos().refreshTokens.findByHash(bystander.token.tokenHash)).toEqual(
        bystander.token,
      );
      expect(await repos().refreshTokens.revokeByUser(user.id, atMinute(7))).toBe(0);
    });

    it('revokeByUser spares the family of exceptSessionId', async () => {
      const { user, session, token } = await givenFamily(repos());
      const otherSession = await givenSession(repos(), user.id);
      const otherToken = await givenRefreshToken(repos(), otherSession);

      expect(await repos().refreshTokens.revokeByUser(user.id, atMinute(6), session.id)).toBe(1);
      expect(await repos().refreshTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(
        present(await repos().refreshTokens.findByHash(otherToken.tokenHash)).revokedAt,
      ).toEqual(atMinute(6));
    });
  });
}
