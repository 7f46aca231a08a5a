/**
 * Races on the real server, well past the contract suite's: 200 calls through a pool of 20
 * connections, so the server sees up to 20 statements on one row at once and the adapter's
 * single-statement atomicity is what decides. Each race is checked twice: through the
 * repository (exactly one winner, rows counted with SQL) and through core's flows (exactly
 * one success, the documented outcome for everyone else).
 */

import {
  aRefreshToken,
  atMinute,
  aUser,
  aVerificationToken,
  givenFamily,
  givenUser,
} from '@portcullis/adapter-tests';
import type { RefreshTokenRecord, Repositories } from '@portcullis/core';
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresRepositories, migrate, migrations } from '../src/index.ts';
import type { TestDatabase } from './databases.ts';
import { databaseUrl, openServerDatabase, uniqueSchema } from './databases.ts';
import { present, race } from './race.ts';

const POOL_SIZE = 20;
const RACE_TIMEOUT_MS = 60_000;

/** `base` plus `offset` milliseconds: a distinct `now` per racer shows whose write stuck. */
function plusMs(base: Date, offset: number): Date {
  return new Date(base.getTime() + offset);
}

let db: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  db = await openServerDatabase({ max: POOL_SIZE });
  repos = db.repos;
});

afterAll(async () => {
  await db.close();
});

async function sql(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await db.pool.query(text.replaceAll('$schema', `"${db.schema}"`), values);
  return result.rows;
}

describe('refresh-token rotation, 200 racers on 20 connections', () => {
  it(
    'repository: exactly one rotation wins, one successor row, the old row rotated once',
    async () => {
      const { session, owner, token } = await givenFamily(repos);
      const successors: RefreshTokenRecord[] = Array.from({ length: 200 }, () =>
        aRefreshToken(owner, { createdAt: atMinute(1) }),
      );
      const nowOf = (i: number) => plusMs(atMinute(1), i);

      const results = await race(200, (i) =>
        repos.refreshTokens.rotate(token.tokenHash, present(successors[i]), nowOf(i)),
      );

      // Every pooled connection was in use at once: the calls overlapped in the server.
      expect(db.pool.totalCount).toBe(POOL_SIZE);
      const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = present(winners[0]);

      const family = await sql(
        `SELECT token_hash, rotated_at, revoked_at FROM $schema.refresh_tokens
        WHERE session_id = $1 ORDER BY created_at`,
        [session.id],
      );
      // No row lost, none added: the presented token and exactly one successor, the winner's.
      expect(family).toEqual([
        { token_hash: token.tokenHash, rotated_at: nowOf(winner), revoked_at: null },
        { token_hash: present(successors[winner]).tokenHash, rotated_at: null, revoked_at: null },
      ]);
      expect(await repos.refreshTokens.findByHash(present(successors[winner]).tokenHash)).toEqual(
        successors[winner],
      );
      // Every loser saw the row as the winner left it (rotated at the winner's time, once).
      for (const result of results) {
        if (result.ok) continue;
        expect(present(result.current).tokenHash).toBe(token.tokenHash);
        expect(present(result.current).rotatedAt).toEqual(nowOf(winner));
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'core, no reuse grace: one rotation succeeds, the rest are replays, the family and session end',
    async () => {
      const h = createTestAuth({ repos });
      const { session, refreshToken } = await signedInUser(h);

      const results = await race(200, () => h.auth.rotateRefreshToken({ refreshToken }));

      const successes = results.filter((result) => result.ok);
      expect(successes).toHaveLength(1);
      const reasons = new Set(results.flatMap((result) => (result.ok ? [] : [result.reason])));
      // A rotated token presented again is a replay (RFC 9700 §4.14.2): the first loser to
      // look revokes the family and deletes the session; later losers then find it revoked
      // or the session ended. Nothing else is a legitimate answer here.
      expect(reasons.has('replay_detected')).toBe(true);
      for (const reason of reasons) {
        expect(['replay_detected', 'revoked', 'session_ended']).toContain(reason);
      }
      expect(h.eventCount('refresh.rotated')).toBe(1);

      const family = await sql(
        `SELECT token_hash, revoked_at FROM $schema.refresh_tokens WHERE session_id = $1`,
        [session.id],
      );
      expect(family).toHaveLength(2);
      for (const row of family) expect(row.revoked_at).toBeInstanceOf(Date);
      expect(await repos.sessions.findById(session.id)).toBeNull();

      // The winner's successor died with its family.
      const winner = present(successes[0]);
      if (!winner.ok) throw new Error('unreachable');
      expect(await h.auth.rotateRefreshToken({ refreshToken: winner.refreshToken })).toEqual({
        ok: false,
        reason: 'revoked',
      });
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'core, 10 s reuse grace: one success, 199 concurrent_rotation, family kept until a late replay',
    async () => {
      const h = createTestAuth({ repos, config: { refreshToken: { reuseGrace: 10 } } });
      const { session, refreshToken } = await signedInUser(h);

      const results = await race(200, () => h.auth.rotateRefreshToken({ refreshToken }));

      const successes = results.filter((result) => result.ok);
      expect(successes).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual(
        Array.from({ length: 199 }, () => ({ ok: false, reason: 'concurrent_rotation' })),
      );
      const live = await sql(
        `SELECT count(*)::int AS n FROM $schema.refresh_tokens
        WHERE session_id = $1 AND revoked_at IS NULL`,
        [session.id],
      );
      expect(live).toEqual([{ n: 2 }]);
      expect(await repos.sessions.findById(session.id)).not.toBeNull();

      // The winner's token keeps working...
      const winner = present(successes[0]);
      if (!winner.ok) throw new Error('unreachable');
      const next = await h.auth.rotateRefreshToken({ refreshToken: winner.refreshToken });
      expect(next.ok).toBe(true);
      // ...and the original, presented again after the grace window, is a replay.
      h.clock.advance(11);
      expect(await h.auth.rotateRefreshToken({ refreshToken })).toEqual({
        ok: false,
        reason: 'replay_detected',
      });
      const family = await sql(
        `SELECT revoked_at FROM $schema.refresh_tokens WHERE session_id = $1`,
        [session.id],
      );
      expect(family).toHaveLength(3);
      for (const row of family) expect(row.revoked_at).toBeInstanceOf(Date);
      expect(await repos.sessions.findById(session.id)).toBeNull();
    },
    RACE_TIMEOUT_MS,
  );
});

describe('single-use verification secrets', () => {
  it(
    '200 concurrent right guesses (attempt): exactly one consumes, counted once',
    async () => {
      const user = await givenUser(repos);
      const token = aVerificationToken(user.id);
      await repos.verificationTokens.replace(token);
      const nowOf = (i: number) => plusMs(atMinute(1), i);

      const { id, secretHash } = token;
      const results = await race(200, (i) =>
        repos.verificationTokens.attempt({ id, secretHash, maxAttempts: 500, now: nowOf(i) }),
      );

      const winners = results.flatMap((outcome, i) => (outcome.status === 'consumed' ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((outcome) => outcome.status === 'unavailable')).toHaveLength(199);
      const winner = present(winners[0]);
      expect(results[winner]).toEqual({
        status: 'consumed',
        token: { ...token, attempts: 1, consumedAt: nowOf(winner) },
      });
      expect(
        await sql(`SELECT consumed_at FROM $schema.verification_tokens WHERE id = $1`, [token.id]),
      ).toEqual([{ consumed_at: nowOf(winner) }]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "200 concurrent consume('password_reset', hash): exactly one gets the row",
    async () => {
      const user = await givenUser(repos);
      const link = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      await repos.verificationTokens.replace(link);
      const nowOf = (i: number) => plusMs(atMinute(1), i);

      const results = await race(200, (i) =>
        repos.verificationTokens.consume('password_reset', link.secretHash, nowOf(i)),
      );

      const winners = results.flatMap((row, i) => (row === null ? [] : [i]));
      expect(winners).toHaveLength(1);
      const winner = present(winners[0]);
      expect(results[winner]).toEqual({ ...link, consumedAt: nowOf(winner) });
      expect(
        await sql(`SELECT consumed_at FROM $schema.verification_tokens WHERE id = $1`, [link.id]),
      ).toEqual([{ consumed_at: nowOf(winner) }]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'core: 50 concurrent resetPassword with one link, each a different password: one wins',
    async () => {
      const h = createTestAuth({ repos });
      const { email, userId, session } = await signedInUser(h);
      await h.auth.requestPasswordReset({ email });
      const { token } = h.lastMail('password_reset');
      const passwordOf = (i: number) => `reset password number ${i} horse staple`;

      const results = await race(50, (i) =>
        h.auth.resetPassword({ token, newPassword: passwordOf(i) }),
      );

      const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = present(winners[0]);
      expect(results[winner]).toEqual({ ok: true, userId });
      expect(results.filter((result) => !result.ok)).toEqual(
        Array.from({ length: 49 }, () => ({ ok: false, reason: 'invalid' })),
      );
      expect(h.eventCount('password.reset')).toBe(1);

      // Only the winner's password was stored: no loser wrote after consuming nothing.
      const signIn = await h.auth.signIn({ email, password: passwordOf(winner) });
      expect(signIn.ok).toBe(true);
      const loser = winner === 0 ? 1 : 0;
      expect(await h.auth.signIn({ email, password: passwordOf(loser) })).toMatchObject({
        ok: false,
      });
      // The reset ended the session that existed before it.
      expect(await repos.sessions.findById(session.id)).toBeNull();
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'core: 50 concurrent verifyEmail with the right code: exactly one verifies',
    async () => {
      // The attempt limit at its maximum lets 20 racers reach the consume step.
      const h = createTestAuth({ repos, config: { emailVerification: { maxAttempts: 20 } } });
      const email = `user-${crypto.randomUUID()}@example.com`;
      await h.auth.signUp({ email, password: 'correct horse battery staple' });
      const { code } = h.lastMail('email_verification_code');

      const results = await race(50, () => h.auth.verifyEmail({ email, code }));

      const successes = results.filter((result) => result.ok);
      expect(successes).toHaveLength(1);
      for (const result of results) {
        if (!result.ok) expect(result.reason).toBe('invalid');
      }
      expect(h.eventCount('email.verified')).toBe(1);
      expect(h.eventCount('user.signed_up')).toBe(1);
      const user = present(await repos.users.findByEmailKey(email));
      expect(successes).toEqual([{ ok: true, userId: user.id }]);
      expect(user.emailVerifiedAt).toEqual(h.clock.now());
      // The redeemed sign-up is gone with the rest of the address's pending ones; what is
      // left are the losers' decoys (consumed at birth, never redeemable).
      const rows = await sql(
        `SELECT count(*)::int AS n FROM $schema.pending_sign_ups
          WHERE email_key = $1 AND consumed_at IS NULL`,
        [email],
      );
      expect(rows).toEqual([{ n: 0 }]);
    },
    RACE_TIMEOUT_MS,
  );
});

describe('other atomic writes under contention', () => {
  it(
    '50 concurrent replace() of one user and purpose leave exactly one live row',
    async () => {
      const user = await givenUser(repos);
      // A consumed token of the same purpose is history, not live: replace leaves it alone.
      const used = aVerificationToken(user.id);
      await repos.verificationTokens.replace(used);
      expect(
        await repos.verificationTokens.consume(used.purpose, used.secretHash, atMinute(1)),
      ).not.toBeNull();
      const tokens = Array.from({ length: 50 }, () => aVerificationToken(user.id));

      await race(50, (i) => repos.verificationTokens.replace(present(tokens[i])));

      const rows = await sql(
        `SELECT id, consumed_at FROM $schema.verification_tokens
        WHERE user_id = $1 AND purpose = 'email_verification'`,
        [user.id],
      );
      const live = rows.filter((row) => row.consumed_at === null);
      expect(live).toHaveLength(1);
      expect(tokens.map((token) => token.id)).toContain(present(live[0]).id);
      expect(rows.filter((row) => row.consumed_at !== null)).toEqual([
        { id: used.id, consumed_at: atMinute(1) },
      ]);
      // The live row is wholly one racer's token, not a mix of several.
      const latest = present(
        await repos.verificationTokens.findLatest(user.id, 'email_verification'),
      );
      expect(tokens).toContainEqual(latest);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    '100 concurrent wrong guesses (attempt): 10 compared, 90 refused, 100 stored',
    async () => {
      const user = await givenUser(repos);
      const token = aVerificationToken(user.id);
      await repos.verificationTokens.replace(token);

      const results = await race(100, (i) =>
        repos.verificationTokens.attempt({
          id: token.id,
          secretHash: `wrong-${i}`,
          maxAttempts: 10,
          now: atMinute(1),
        }),
      );

      const statuses = results.map((outcome) => outcome.status);
      expect(statuses.filter((status) => status === 'mismatch')).toHaveLength(10);
      expect(statuses.filter((status) => status === 'too_many_attempts')).toHaveLength(90);
      expect(
        await sql(`SELECT attempts FROM $schema.verification_tokens WHERE id = $1`, [token.id]),
      ).toEqual([{ attempts: 100 }]);
    },
    RACE_TIMEOUT_MS,
  );
});

describe('migrate() from 8 app instances starting at once', () => {
  const versions = migrations.map((migration) => migration.version);
  const latest = Math.max(...versions);

  async function expectMigratedOnce(client: pg.Pool | pg.Client, schema: string) {
    const recorded = await client.query(
      `SELECT version, count(*)::int AS n FROM "${schema}".schema_migrations GROUP BY version ORDER BY version`,
    );
    expect(recorded.rows).toEqual(versions.map((version) => ({ version, n: 1 })));
    // The schema is usable: a repository round-trips through it.
    const user = aUser();
    const stored = createPostgresRepositories(client, { schema });
    expect(await stored.users.create(user)).toEqual(user);
  }

  it(
    'on one pool (each call checks out its own connection): all resolve, each version once',
    async () => {
      const schema = uniqueSchema();
      const pool = new pg.Pool({ connectionString: databaseUrl(), max: 8 });
      try {
        const results = await race(8, () => migrate(pool, { schema }));
        expect(pool.totalCount).toBe(8);
        expect(results.filter((result) => result.applied.length > 0)).toEqual([
          { applied: versions, version: latest },
        ]);
        expect(results.filter((result) => result.applied.length === 0)).toHaveLength(7);
        await expectMigratedOnce(pool, schema);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'on 8 pools, one per app instance: all resolve, each version once',
    async () => {
      const schema = uniqueSchema();
      const pools = Array.from(
        { length: 8 },
        () => new pg.Pool({ connectionString: databaseUrl() }),
      );
      const first = present(pools[0]);
      try {
        const results = await race(8, (i) => migrate(present(pools[i]), { schema }));
        expect(results.filter((result) => result.applied.length > 0)).toEqual([
          { applied: versions, version: latest },
        ]);
        expect(results.filter((result) => result.applied.length === 0)).toHaveLength(7);
        await expectMigratedOnce(first, schema);
      } finally {
        await first.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await Promise.all(pools.map((pool) => pool.end()));
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'on 8 connected pg.Client handles: all resolve, each version once',
    async () => {
      const schema = uniqueSchema();
      const clients = Array.from({ length: 8 }, () => new pg.Client(databaseUrl()));
      const first = present(clients[0]);
      try {
        await Promise.all(clients.map((client) => client.connect()));
        const results = await race(8, (i) => migrate(present(clients[i]), { schema }));
        expect(results.filter((result) => result.applied.length > 0)).toEqual([
          { applied: versions, version: latest },
        ]);
        await expectMigratedOnce(first, schema);
      } finally {
        await first.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await Promise.all(clients.map((client) => client.end()));
      }
    },
    RACE_TIMEOUT_MS,
  );
});
