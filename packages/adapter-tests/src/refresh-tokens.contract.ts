import { describe, expect, it } from 'vitest';
import { aRefreshToken, atMinute, randomHash } from './builders.ts';
import { givenFamily, givenSession, givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `RefreshTokenRepo`: storage and single-use rotation (revocation: session-end). */
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
      await repos().sessions.end(session.id, atMinute(2));
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
  });
}
