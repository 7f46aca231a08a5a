/**
 * Passwordless sign-in raced on the real server through core's flows: 100 clicks of one
 * magic link (sign-in and sign-up) and 100 guesses at one code (sign-in and sign-up),
 * through a pool of 20 connections. Exactly one
 * signs in; the sessions table agrees.
 */
import { createTestAuth, verifiedUser } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { race } from './race.ts';
import { RACE_TIMEOUT_MS, useRaceDatabase } from './race-database.ts';

const config = { passwordless: { linkUrl: 'https://app.test/link', signUp: true } };

const raceDb = useRaceDatabase();

const sessionsOf = (userId: string) => raceDb.countByUser('sessions', userId);

describe('passwordless sign-in, 100 racers on 20 connections', () => {
  it(
    'one magic link clicked 100 times at once signs in exactly once',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await verifiedUser(h);
      await h.auth.requestMagicLink({ email: user.email });
      const { token } = h.lastMail('magic_link', user.email);

      const results = await race(100, () => h.auth.consumeMagicLink({ token }));

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(new Set(results.flatMap((result) => (result.ok ? [] : [result.reason])))).toEqual(
        new Set(['consumed']),
      );
      expect(await sessionsOf(user.userId)).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one sign-up link clicked 100 times at once creates one account and one session',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const email = `link-${crypto.randomUUID()}@example.com`;
      await h.auth.requestMagicLink({ email });
      const { token } = h.lastMail('magic_link', email);

      const results = await race(100, () => h.auth.consumeMagicLink({ token }));

      const winners = results.flatMap((result) =>
        result.ok && result.status === 'signed_in' ? [result.user.id] : [],
      );
      expect(winners).toHaveLength(1);
      expect(await sessionsOf(winners[0] ?? '')).toBe(1);
      const { rows } = await raceDb.db.pool.query(
        `SELECT count(*)::int AS n FROM "${raceDb.db.schema}".users WHERE email_key = $1`,
        [email],
      );
      expect(rows[0]?.n).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one sign-in code guessed right 100 times at once signs in exactly once',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await verifiedUser(h);
      await h.auth.requestSignInCode({ email: user.email });
      const { code } = h.lastMail('sign_in_code', user.email);

      const results = await race(100, () => h.auth.signInWithCode({ email: user.email, code }));

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await sessionsOf(user.userId)).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one sign-up code guessed right 100 times at once creates one account',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const email = `code-${crypto.randomUUID()}@example.com`;
      await h.auth.requestSignInCode({ email });
      const { code } = h.lastMail('sign_in_code', email);

      const results = await race(100, () => h.auth.signInWithCode({ email, code }));

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const { rows } = await raceDb.db.pool.query(
        `SELECT count(*)::int AS n FROM "${raceDb.db.schema}".users WHERE email_key = $1`,
        [email],
      );
      expect(rows[0]?.n).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    '100 wrong guesses at once: at most maxAttempts compared, then the right code is refused',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos, config });
      const user = await verifiedUser(h);
      await h.auth.requestSignInCode({ email: user.email });
      const { code } = h.lastMail('sign_in_code', user.email);
      const wrong = `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;

      await race(100, () => h.auth.signInWithCode({ email: user.email, code: wrong }));

      const { rows } = await raceDb.db.pool.query(
        `SELECT attempts FROM "${raceDb.db.schema}".verification_tokens
          WHERE user_id = $1 AND purpose = 'sign_in_code'`,
        [user.userId],
      );
      expect(rows[0]?.attempts).toBe(100);
      expect(await h.auth.signInWithCode({ email: user.email, code })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    },
    RACE_TIMEOUT_MS,
  );
});
