import { createPostgresRepositories, migrate } from '@portcullis/adapter-postgres';
import type { RefreshTokenRecord } from '@portcullis/core';
import { hex } from '@portcullis/core/adapter';
import pg from 'pg';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

/** Rotations in flight at once, one per pooled connection. */
const IN_FLIGHT = 10;
const DAY_MS = 86_400_000;

function randomHash(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Refresh-token rotation through the Postgres adapter (one `UPDATE … RETURNING` claiming
 * the live row and one `INSERT` of its successor, in a single statement) against the floor
 * of one bare single-row `UPDATE … RETURNING` on the same pool. Both sides keep
 * {@link IN_FLIGHT} operations running on a pool of as many connections, each operation on
 * a row no other touches: the adapter rotates 10 chains whose successor is the next live
 * token, the floor updates a fresh prepared row each time. Runs on the server at
 * DATABASE_URL in a schema of its own, dropped at the end.
 */
export async function refreshRotationVersusUpdate(options: {
  rounds: number;
  warmup: number;
  batch: number;
}): Promise<PairResult> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pool = new pg.Pool({ connectionString: url, max: IN_FLIGHT });
  pool.on('error', (error) => console.error('idle PostgreSQL client failed:', error.message));
  const schema = `pc_bench_${randomHash().slice(0, 16)}`;
  const table = `"${schema}".refresh_tokens`;
  try {
    await migrate(pool, { schema });
    const repos = createPostgresRepositories(pool, { schema });
    const now = new Date();
    const later = new Date(now.getTime() + DAY_MS);
    const userId = crypto.randomUUID();
    await repos.users.create({
      id: userId,
      email: 'bench@example.com',
      emailKey: 'bench@example.com',
      emailVerifiedAt: now,
      passwordHash: null,
      bannedAt: null,
      banReason: null,
      deletedAt: null,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    });
    const token = (sessionId: string): RefreshTokenRecord => ({
      tokenHash: randomHash(),
      sessionId,
      userId,
      createdAt: now,
      expiresAt: later,
      familyExpiresAt: later,
      rotatedAt: null,
      revokedAt: null,
    });

    // The adapter side: one refresh-token family per in-flight slot, each with its live token.
    const live: string[] = [];
    const sessions: string[] = [];
    for (let slot = 0; slot < IN_FLIGHT; slot++) {
      const sessionId = crypto.randomUUID();
      const first = token(sessionId);
      await repos.refreshTokens.create(first);
      sessions.push(sessionId);
      live.push(first.tokenHash);
    }

    // The floor side: one live row per floor operation, inserted up front.
    const floorOperations = (options.warmup + options.rounds * options.batch) * IN_FLIGHT;
    const { rows } = await pool.query<{ token_hash: string }>(
      `INSERT INTO ${table}
         (token_hash, session_id, user_id, created_at, expires_at, family_expires_at)
       SELECT md5(random()::text || n::text) || md5(n::text), 'floor', $1, $2, $3, $3
         FROM generate_series(1, $4) AS n
       RETURNING token_hash`,
      [userId, now, later, floorOperations],
    );
    const prepared = rows.map((row) => row.token_hash);
    let nextPrepared = 0;

    const result = await measurePair(
      {
        label: 'adapter rotate',
        run: () =>
          Promise.all(
            sessions.map(async (sessionId, slot) => {
              const next = token(sessionId);
              const rotation = await repos.refreshTokens.rotate(live[slot] ?? '', next, new Date());
              if (!rotation.ok) throw new Error('rotation of a live token failed');
              live[slot] = next.tokenHash;
            }),
          ),
      },
      {
        label: 'bare UPDATE … RETURNING',
        run: () =>
          Promise.all(
            sessions.map(async () => {
              const tokenHash = prepared[nextPrepared++];
              if (tokenHash === undefined) throw new Error('ran out of prepared rows');
              const updated = await pool.query(
                `UPDATE ${table} SET rotated_at = $1 WHERE token_hash = $2 RETURNING token_hash`,
                [new Date(), tokenHash],
              );
              if (updated.rowCount !== 1) throw new Error('prepared row not updated');
            }),
          ),
      },
      options,
    );
    // Each run did IN_FLIGHT operations: report time per rotation.
    return {
      a: { ...result.a, medianMs: result.a.medianMs / IN_FLIGHT },
      b: { ...result.b, medianMs: result.b.medianMs / IN_FLIGHT },
      ratio: result.ratio,
    };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
