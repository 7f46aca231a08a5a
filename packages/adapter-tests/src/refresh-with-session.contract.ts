import { describe, expect, it } from 'vitest';
import { aRefreshToken, atMinute, randomHash } from './builders.ts';
import { givenFamily, givenRefreshToken, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `RefreshTokenRepo.findWithSession`: the refresh path's one read of token and session. */
export function describeRefreshWithSessionContract(repos: ReposAccessor): void {
  describe('refreshTokens.findWithSession', () => {
    it('returns the token and its family session, Dates intact', async () => {
      const { session, token } = await givenFamily(repos());
      const found = present(await repos().refreshTokens.findWithSession(token.tokenHash));
      expect(found).toEqual({ token, session });
      expect(found.session?.lastUsedAt).toBeInstanceOf(Date);
      expect(found.token.familyExpiresAt).toBeInstanceOf(Date);
    });

    it('returns the token with a null session once the session is gone', async () => {
      const { session, token } = await givenFamily(repos());
      expect(await repos().sessions.end(session.id, atMinute(1))).toBe(true);
      expect(await repos().refreshTokens.findWithSession(token.tokenHash)).toEqual({
        token: { ...token, revokedAt: atMinute(1) },
        session: null,
      });
      // A successor a racing rotation wrote after the end: live, but with no session.
      const straggler = await givenRefreshToken(repos(), session);
      expect(await repos().refreshTokens.findWithSession(straggler.tokenHash)).toEqual({
        token: straggler,
        session: null,
      });
    });

    it('returns null for an unknown hash', async () => {
      expect(await repos().refreshTokens.findWithSession(randomHash())).toBeNull();
    });

    it('reads the current state: a rotated token shows its rotation', async () => {
      const { owner, token } = await givenFamily(repos());
      await repos().refreshTokens.rotate(token.tokenHash, aRefreshToken(owner), atMinute(7));
      const found = present(await repos().refreshTokens.findWithSession(token.tokenHash));
      expect(found.token.rotatedAt).toEqual(atMinute(7));
    });

    it('returns copies', async () => {
      const { session, token } = await givenFamily(repos());
      const found = present(await repos().refreshTokens.findWithSession(token.tokenHash));
      (found.token as Writable<typeof token>).revokedAt = atMinute(1);
      found.session?.expiresAt.setTime(0);
      expect(await repos().refreshTokens.findWithSession(token.tokenHash)).toEqual({
        token,
        session,
      });
    });
  });
}
