import type { Repositories } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute } from './builders.ts';
import { givenRefreshToken, givenSession, givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/**
 * Pruning runs over the whole store, so these tests live years before the rest of the
 * suite's fixtures (which sit around `atMinute(0)`), each test further back than the one
 * before: a test's `now` never reaches rows another test left. Counts are checked as "at
 * least ours" (a store shared with other runs may hold more), then "nothing left".
 */
const YEAR = 365 * 24 * 60;
const era = (years: number, minutes = 0) => atMinute(-years * YEAR + minutes);

async function pruneTwice(run: () => Promise<number>, ours: number) {
  expect(await run()).toBeGreaterThanOrEqual(ours);
  // Idempotent: what the first run left is all still usable at `now`.
  expect(await run()).toBe(0);
}

async function sessionsAt(repos: Repositories, years: number) {
  const user = await givenUser(repos);
  const at = (minutes: number) => era(years, minutes);
  const expired = await givenSession(repos, user.id, {
    createdAt: at(0),
    lastUsedAt: at(50),
    expiresAt: at(60),
  });
  const idle = await givenSession(repos, user.id, {
    createdAt: at(0),
    lastUsedAt: at(10),
    expiresAt: at(10_000),
  });
  const live = await givenSession(repos, user.id, {
    createdAt: at(0),
    lastUsedAt: at(55),
    expiresAt: at(10_000),
  });
  return { at, expired, idle, live };
}

/** `deleteExpired` on every repository: what may go goes, nothing that could be presented. */
export function describePruneContract(repos: ReposAccessor): void {
  describe('pruning (deleteExpired)', () => {
    it('sessions: deletes those past absolute or idle expiry (boundaries included), keeps the rest', async () => {
      const { at, expired, idle, live } = await sessionsAt(repos(), 17);
      // now = minute 60 (expired's expiry); idle since minute 10 (idle's last use).
      await pruneTwice(() => repos().sessions.deleteExpired(at(60), at(10)), 2);
      expect(await repos().sessions.findById(expired.id)).toBeNull();
      expect(await repos().sessions.findById(idle.id)).toBeNull();
      expect(await repos().sessions.findById(live.id)).toEqual(live);
    });

    it('refresh tokens: keeps rotated and revoked tokens while their family could be used', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const at = (minutes: number) => era(18, minutes);
      const family = { familyExpiresAt: at(1000), createdAt: at(0) };
      const rotated = await givenRefreshToken(repos(), session, {
        ...family,
        expiresAt: at(10),
        rotatedAt: at(5),
      });
      const revoked = await givenRefreshToken(repos(), session, {
        ...family,
        expiresAt: at(10),
        revokedAt: at(6),
      });
      const deadFamily = { familyExpiresAt: at(100), createdAt: at(0) };
      const spentRotated = await givenRefreshToken(repos(), session, {
        ...deadFamily,
        expiresAt: at(10),
        rotatedAt: at(5),
      });
      const spentLive = await givenRefreshToken(repos(), session, {
        ...deadFamily,
        expiresAt: at(100),
      });
      // Minute 100: every token's own idle expiry has passed, one family's absolute one too.
      await pruneTwice(() => repos().refreshTokens.deleteExpired(at(100)), 2);
      expect(await repos().refreshTokens.findByHash(spentRotated.tokenHash)).toBeNull();
      expect(await repos().refreshTokens.findByHash(spentLive.tokenHash)).toBeNull();
      // A replay of these must still be recognised: they stay until minute 1000.
      expect(await repos().refreshTokens.findByHash(rotated.tokenHash)).toEqual(rotated);
      expect(await repos().refreshTokens.findByHash(revoked.tokenHash)).toEqual(revoked);
      await repos().refreshTokens.deleteExpired(at(1000));
      expect(await repos().refreshTokens.findByHash(rotated.tokenHash)).toBeNull();
    });

    it('verification tokens: deletes expired ones, consumed or not, and keeps live ones', async () => {
      const at = (minutes: number) => era(19, minutes);
      const tokens = repos().verificationTokens;
      const userA = await givenUser(repos());
      const userB = await givenUser(repos());
      const base = { kind: 'code', attempts: 0, email: null, createdAt: at(0) } as const;
      const token = (userId: string, purpose: 'email_verification' | 'password_reset') => ({
        ...base,
        id: crypto.randomUUID(),
        userId,
        purpose,
        secretHash: crypto.randomUUID(),
      });
      const expired = { ...token(userA.id, 'email_verification'), expiresAt: at(15) };
      const consumedLive = { ...token(userA.id, 'password_reset'), expiresAt: at(30) };
      const live = { ...token(userB.id, 'email_verification'), expiresAt: at(30) };
      for (const row of [expired, consumedLive, live])
        await tokens.replace({ ...row, consumedAt: null });
      expect(
        await tokens.consume(consumedLive.purpose, consumedLive.secretHash, at(1)),
      ).not.toBeNull();
      await pruneTwice(() => tokens.deleteExpired(at(15)), 1);
      expect(await tokens.findLatest(userA.id, 'email_verification')).toBeNull();
      expect(await tokens.findLatest(userB.id, 'email_verification')).toMatchObject({
        id: live.id,
      });
      // The consumed, unexpired one is still there (consuming it again fails either way).
      expect(await tokens.consume(consumedLive.purpose, consumedLive.secretHash, at(2))).toBeNull();
      await tokens.deleteExpired(at(30));
      expect(await tokens.findLatest(userB.id, 'email_verification')).toBeNull();
    });

    it('concurrent prunes delete each row once and leave every live row', async () => {
      const { at, expired, idle, live } = await sessionsAt(repos(), 20);
      const counts = await Promise.all(
        Array.from({ length: 4 }, () => repos().sessions.deleteExpired(at(60), at(10))),
      );
      // Each expired row is counted by exactly one of the racing calls.
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2);
      expect(await repos().sessions.findById(expired.id)).toBeNull();
      expect(await repos().sessions.findById(idle.id)).toBeNull();
      expect(await repos().sessions.findById(live.id)).toEqual(live);
      expect(await repos().sessions.deleteExpired(at(60), at(10))).toBe(0);
    });
  });
}
