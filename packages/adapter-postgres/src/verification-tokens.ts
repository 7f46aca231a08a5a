import type { VerificationTokenRecord, VerificationTokenRepo } from '@portcullis/core';
import type { SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import { toVerificationToken, verificationTokenColumns, verificationTokenTable } from './rows.ts';
import type { Tables } from './schema.ts';

const placeholders = verificationTokenTable.placeholders();

function first(rows: readonly Record<string, unknown>[]): VerificationTokenRecord | null {
  const row = rows[0];
  return row === undefined ? null : toVerificationToken(row);
}

export function createPostgresVerificationTokenRepo(
  db: SqlClient,
  t: Tables,
): VerificationTokenRepo {
  return {
    async replace(token) {
      // The partial unique index (user_id, purpose) WHERE consumed_at IS NULL holds the one
      // live token; the upsert overwrites it in place with the new token, as one statement.
      // Concurrent replaces serialise on that index entry and the last to commit wins.
      await runQuery(
        db,
        `INSERT INTO ${t.verificationTokens} (${verificationTokenColumns})
          VALUES (${placeholders})
          ON CONFLICT (user_id, purpose) WHERE consumed_at IS NULL DO UPDATE SET
            id = EXCLUDED.id, kind = EXCLUDED.kind, secret_hash = EXCLUDED.secret_hash,
            email = EXCLUDED.email, created_at = EXCLUDED.created_at,
            expires_at = EXCLUDED.expires_at, attempts = EXCLUDED.attempts,
            consumed_at = EXCLUDED.consumed_at`,
        verificationTokenTable.values(token),
      );
    },

    async findLatest(userId, purpose) {
      const rows = await runQuery(
        db,
        `SELECT ${verificationTokenColumns} FROM ${t.verificationTokens}
          WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [userId, purpose],
      );
      return first(rows);
    },

    async attempt({ id, secretHash, maxAttempts, now }) {
      // One statement: the row lock serialises concurrent guesses, and each re-reads the
      // committed row (READ COMMITTED re-evaluation), so every guess is counted and only
      // the first correct one within the limit consumes. Comparing hashes in SQL is not a
      // timing oracle: they are HMACs under a key the guesser does not have.
      const rows = await runQuery(
        db,
        `UPDATE ${t.verificationTokens} SET attempts = attempts + 1,
            consumed_at = CASE WHEN attempts + 1 <= $3 AND secret_hash = $2 THEN $4 END
          WHERE id = $1 AND consumed_at IS NULL AND expires_at > $4
          RETURNING ${verificationTokenColumns}`,
        [id, secretHash, maxAttempts, now],
      );
      const token = first(rows);
      if (token === null) return { status: 'unavailable' };
      if (token.consumedAt !== null) return { status: 'consumed', token };
      return token.attempts > maxAttempts
        ? { status: 'too_many_attempts' }
        : { status: 'mismatch' };
    },

    async consume(purpose, secretHash, now) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.verificationTokens} SET consumed_at = $3
          WHERE purpose = $1 AND secret_hash = $2 AND consumed_at IS NULL AND expires_at > $3
          RETURNING ${verificationTokenColumns}`,
        [purpose, secretHash, now],
      );
      return first(rows);
    },

    async recordAttemptByHash(purpose, secretHash, maxAttempts, now) {
      // The row lock serialises concurrent counts: each re-checks `attempts < $3` on the
      // row as the previous one left it.
      const rows = await runQuery(
        db,
        `UPDATE ${t.verificationTokens} SET attempts = attempts + 1
          WHERE purpose = $1 AND secret_hash = $2 AND consumed_at IS NULL
            AND expires_at > $4 AND attempts < $3
          RETURNING ${verificationTokenColumns}`,
        [purpose, secretHash, maxAttempts, now],
      );
      return first(rows);
    },

    async findLiveByHash(purpose, secretHash, maxAttempts, now) {
      const rows = await runQuery(
        db,
        `SELECT ${verificationTokenColumns} FROM ${t.verificationTokens}
          WHERE purpose = $1 AND secret_hash = $2 AND consumed_at IS NULL
            AND expires_at > $4 AND attempts < $3`,
        [purpose, secretHash, maxAttempts, now],
      );
      return first(rows);
    },

    async deleteByUser(userId, purpose) {
      await runQuery(
        db,
        `DELETE FROM ${t.verificationTokens} WHERE user_id = $1 AND purpose = $2`,
        [userId, purpose],
      );
    },

    deleteExpired(now) {
      return deleteCounted(db, t.verificationTokens, 'expires_at <= $1', [now]);
    },
  };
}
