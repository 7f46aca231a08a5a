import type { MfaRepo } from '@portcullis/core';
import type { SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import { toTotpFactor, totpFactorColumns, totpFactorTable } from './rows.ts';
import type { Tables } from './schema.ts';

const factorPlaceholders = totpFactorTable.placeholders();

/** `MfaRepo` in PostgreSQL: one statement per method, each atomic on its own. */
export function createPostgresMfaRepo(db: SqlClient, t: Tables): MfaRepo {
  return {
    async replacePendingTotp(factor) {
      // The partial unique index holds the one pending factor per user; the upsert
      // overwrites it in place, so concurrent enrolments leave exactly one.
      await runQuery(
        db,
        `INSERT INTO ${t.totpFactors} (${totpFactorColumns}) VALUES (${factorPlaceholders})
          ON CONFLICT (user_id) WHERE confirmed_at IS NULL DO UPDATE SET
            id = EXCLUDED.id, sealed_secret = EXCLUDED.sealed_secret,
            last_used_step = EXCLUDED.last_used_step, created_at = EXCLUDED.created_at`,
        totpFactorTable.values(factor),
      );
    },

    async listTotp(userId) {
      const rows = await runQuery(
        db,
        `SELECT ${totpFactorColumns} FROM ${t.totpFactors} WHERE user_id = $1
          ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toTotpFactor);
    },

    async confirmTotp(id, step, now) {
      // The UPDATE claims the pending row (a concurrent confirm waits on its lock, then
      // finds it confirmed); the DELETE drops the user's other factors in the same statement.
      const rows = await runQuery(
        db,
        `WITH confirmed AS (
            UPDATE ${t.totpFactors} SET confirmed_at = $3, last_used_step = $2
              WHERE id = $1 AND confirmed_at IS NULL RETURNING user_id
          ), replaced AS (
            DELETE FROM ${t.totpFactors}
              WHERE user_id IN (SELECT user_id FROM confirmed) AND id <> $1
          )
          SELECT count(*)::int AS count FROM confirmed`,
        [id, step, now],
      );
      return Number(rows[0]?.count ?? 0) === 1;
    },

    async recordTotpStep(id, step) {
      // A concurrent update with the same step waits on the row lock and then re-checks
      // `last_used_step < $2` against the committed value, so only one succeeds.
      const rows = await runQuery(
        db,
        `UPDATE ${t.totpFactors} SET last_used_step = $2
          WHERE id = $1 AND confirmed_at IS NOT NULL
            AND (last_used_step IS NULL OR last_used_step < $2)
          RETURNING id`,
        [id, step],
      );
      return rows.length === 1;
    },

    async replaceBackupCodes(set) {
      await runQuery(
        db,
        `INSERT INTO ${t.backupCodes} (user_id, code_hashes, created_at)
          VALUES ($1, $2::text[], $3)
          ON CONFLICT (user_id) DO UPDATE SET
            code_hashes = EXCLUDED.code_hashes, created_at = EXCLUDED.created_at`,
        [set.userId, [...set.codeHashes], set.createdAt],
      );
    },

    async useBackupCode(userId, codeHash) {
      // Row lock again: the second of two concurrent uses re-evaluates `$2 = ANY(…)` on
      // the array the first left, without the code, and updates nothing.
      const rows = await runQuery(
        db,
        `UPDATE ${t.backupCodes} SET code_hashes = array_remove(code_hashes, $2::text)
          WHERE user_id = $1 AND $2::text = ANY (code_hashes)
          RETURNING cardinality(code_hashes) AS remaining`,
        [userId, codeHash],
      );
      const row = rows[0];
      return row === undefined ? null : Number(row.remaining);
    },

    async countBackupCodes(userId) {
      const rows = await runQuery(
        db,
        `SELECT cardinality(code_hashes) AS remaining FROM ${t.backupCodes} WHERE user_id = $1`,
        [userId],
      );
      return Number(rows[0]?.remaining ?? 0);
    },

    async recordAttempt(userId, now, windowStart) {
      const rows = await runQuery(
        db,
        `INSERT INTO ${t.mfaAttempts} AS a (user_id, window_start, count, since_success)
          VALUES ($1, $2, 1, 1)
          ON CONFLICT (user_id) DO UPDATE SET
            count = CASE WHEN a.window_start <= $3 THEN 1 ELSE a.count + 1 END,
            window_start = CASE WHEN a.window_start <= $3 THEN $2 ELSE a.window_start END,
            since_success = a.since_success + 1
          RETURNING count, since_success`,
        [userId, now, windowStart],
      );
      return { inWindow: Number(rows[0]?.count), sinceSuccess: Number(rows[0]?.since_success) };
    },

    async clearAttempts(userId) {
      await runQuery(db, `DELETE FROM ${t.mfaAttempts} WHERE user_id = $1`, [userId]);
    },

    async deleteByUser(userId) {
      const rows = await runQuery(
        db,
        `WITH factors AS (
            DELETE FROM ${t.totpFactors} WHERE user_id = $1 RETURNING confirmed_at
          ), codes AS (
            DELETE FROM ${t.backupCodes} WHERE user_id = $1
          ), attempts AS (
            DELETE FROM ${t.mfaAttempts} WHERE user_id = $1
          )
          SELECT count(*) FILTER (WHERE confirmed_at IS NOT NULL)::int AS confirmed FROM factors`,
        [userId],
      );
      return Number(rows[0]?.confirmed ?? 0) > 0;
    },
  };
}
