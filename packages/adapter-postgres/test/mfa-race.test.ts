/**
 * Second factors raced on the real server through core's flows, on a pool of 20
 * connections: one backup code spent by 50 callers at once, one challenge completed by 10
 * callers with different right codes, one TOTP code replayed by 30 callers. Each time
 * exactly one succeeds; the tables agree.
 */
import type { TestAuth } from '@portcullis/core/testing';
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { race } from './race.ts';
import { RACE_TIMEOUT_MS, useRaceDatabase } from './race-database.ts';

// Room for every racer to reach the check: the per-user limit is proven elsewhere.
const config = { mfa: { maxFailures: 100, challengeMaxAttempts: 20 } };

const raceDb = useRaceDatabase();

const totp = (secret: string, at: Date) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

async function mfaUser(h: TestAuth) {
  const user = await signedInUser(h);
  const currentSessionId = user.session.id;
  const enrolled = await h.auth.enrolTotp({ userId: user.userId, currentSessionId });
  if (!enrolled.ok) throw new Error(enrolled.reason);
  const confirmed = await h.auth.confirmTotp({
    userId: user.userId,
    code: totp(enrolled.secret, h.clock.now()),
    currentSessionId,
  });
  if (!confirmed.ok) throw new Error(confirmed.reason);
  h.clock.advance(30);
  return { ...user, secret: enrolled.secret, backupCodes: confirmed.backupCodes };
}

const sessionsOf = (userId: string) => raceDb.countByUser('sessions', userId);

describe('MFA races on 20 connections', () => {
  it(
    'one backup code presented by 50 callers at once is accepted once',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await mfaUser(h);
      const proof = { method: 'backup_code', code: user.backupCodes[0] ?? '' } as const;

      const results = await race(50, () =>
        h.auth.regenerateBackupCodes({ userId: user.userId, proof }),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(new Set(results.flatMap((result) => (result.ok ? [] : [result.reason])))).toEqual(
        new Set(['invalid_code']),
      );
      expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({
        backupCodesRemaining: 10,
      });
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one challenge completed by 10 callers with different right codes makes one session',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await mfaUser(h);
      const sessionsBefore = await sessionsOf(user.userId);
      const signIn = await h.auth.signIn(user);
      if (!signIn.ok || signIn.status !== 'mfa_required') throw new Error('mfa_required');

      const results = await race(10, (i) =>
        h.auth.completeMfaSignIn({
          challengeToken: signIn.challengeToken,
          proof: { method: 'backup_code', code: user.backupCodes[i] ?? '' },
        }),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await sessionsOf(user.userId)).toBe(sessionsBefore + 1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one TOTP code presented by 30 callers within its step turns MFA off once',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await mfaUser(h);
      const code = totp(user.secret, h.clock.now());

      const results = await race(30, () =>
        h.auth.disableMfa({ userId: user.userId, proof: { method: 'totp', code } }),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await h.auth.getMfaStatus({ userId: user.userId })).toEqual({
        totp: 'none',
        backupCodesRemaining: 0,
      });
    },
    RACE_TIMEOUT_MS,
  );
});
