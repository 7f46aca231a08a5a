/**
 * "A ban is final", through core's flows on the real server: sign-ins (cookie and bearer)
 * and refresh rotations race `banUser` on a pool of 20 connections. Whatever interleaving
 * the server picks, once the ban has returned and the racers have settled, the user has no
 * session and no live refresh token. Before the status check moved into the insert, a
 * sign-in that had checked the password just before the ban created its session just
 * after the ban's revoke-all, and kept it.
 */
import type { Repositories } from '@portcullis/core';
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { openServerDatabase } from './databases.ts';
import { race } from './race.ts';

const RACE_TIMEOUT_MS = 60_000;
let db: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  db = await openServerDatabase({ max: 20 });
  repos = db.repos;
});

afterAll(async () => {
  await db.close();
});

async function liveRefreshTokens(userId: string): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM "${db.schema}".refresh_tokens
      WHERE user_id = $1 AND revoked_at IS NULL`,
    [userId],
  );
  return Number(rows[0]?.n);
}

describe.each(['banUser', 'softDeleteUser'] as const)(
  '%s racing sign-ins and refreshes',
  (lock) => {
    it(
      'leaves no session and no live refresh token once it has returned',
      async () => {
        for (let round = 0; round < 5; round++) {
          const h = createTestAuth({ repos });
          const user = await signedInUser(h);
          const signIns = race(20, async (i) => {
            const signedIn = await h.auth.signIn(user);
            if (i % 2 === 0 || !signedIn.ok || signedIn.status !== 'signed_in') return;
            await h.auth.internal.issueRefreshToken({ session: signedIn.session });
          });
          const rotations = race(5, () =>
            h.auth.rotateRefreshToken({ refreshToken: user.refreshToken }),
          );
          await h.auth[lock]({ userId: user.userId });
          await Promise.all([signIns, rotations]);
          expect(await repos.sessions.listByUser(user.userId)).toEqual([]);
          expect(await liveRefreshTokens(user.userId)).toBe(0);
        }
      },
      RACE_TIMEOUT_MS,
    );
  },
);
