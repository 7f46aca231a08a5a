import type { PendingSignUpRepo } from '@portcullis/core';
import type { SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import { pendingSignUpColumns, pendingSignUpTable, toPendingSignUp } from './rows.ts';
import type { Tables } from './schema.ts';

/**
 * `PendingSignUpRepo`: one statement per method. Single use is an `UPDATE … WHERE
 * consumed_at IS NULL RETURNING`: a second concurrent redemption blocks on the row lock,
 * re-checks the condition on the committed row and claims nothing.
 */
/** The column list with each column prefixed by `alias.` (for a RETURNING after a join). */
function qualified(alias: string): string {
  return pendingSignUpColumns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

export function createPostgresPendingSignUpRepo(db: SqlClient, t: Tables): PendingSignUpRepo {
  return {
    async create(signUp) {
      await runQuery(
        db,
        `INSERT INTO ${t.pendingSignUps} (${pendingSignUpColumns})
          VALUES (${pendingSignUpTable.placeholders()})`,
        pendingSignUpTable.values(signUp),
      );
    },

    async redeemCode({ emailKey, secretHash, maxAttempts, now, decoy }) {
      // Several rows per address: lock them in one order (by id) first, so two concurrent
      // guesses queue behind each other instead of deadlocking on each other's rows. The
      // locked rows are the committed ones, so each guess sees every earlier count. The
      // newest matching row within the limit is consumed by the same UPDATE that counts;
      // the decoy goes in, in the same statement, only when nothing was counted.
      const withDecoy = decoy !== undefined;
      const rows = await runQuery(
        db,
        `WITH targets AS (
            SELECT id, attempts + 1 AS counted, secret_hash, created_at
              FROM ${t.pendingSignUps}
             WHERE email_key = $1 AND kind = 'code' AND consumed_at IS NULL AND expires_at > $2
             ORDER BY id
            FOR UPDATE
          ),
          winner AS (
            SELECT id FROM targets WHERE secret_hash = $3 AND counted <= $4
             ORDER BY created_at DESC, id DESC LIMIT 1
          ),
          updated AS (
            UPDATE ${t.pendingSignUps} AS p SET attempts = p.attempts + 1,
                consumed_at = CASE WHEN p.id IN (SELECT id FROM winner) THEN $2::timestamptz END
              FROM targets WHERE p.id = targets.id
            RETURNING ${qualified('p')}
          )${
            withDecoy
              ? `, decoy AS (
            INSERT INTO ${t.pendingSignUps} (${pendingSignUpColumns})
            SELECT ${pendingSignUpTable.placeholders(4)}
             WHERE NOT EXISTS (SELECT 1 FROM targets)
            RETURNING id
          )`
              : ''
          }
          SELECT ${pendingSignUpColumns} FROM updated`,
        [
          emailKey,
          now,
          secretHash,
          maxAttempts,
          ...(withDecoy ? pendingSignUpTable.values(decoy) : []),
        ],
      );
      const counted = rows.map(toPendingSignUp);
      const signUp = counted.find((row) => row.consumedAt !== null);
      if (signUp !== undefined) return { status: 'redeemed', signUp };
      return { status: 'refused', lockedOut: counted.some((row) => row.attempts > maxAttempts) };
    },

    async redeemLink(secretHash, now) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.pendingSignUps} SET consumed_at = $2
          WHERE secret_hash = $1 AND kind = 'link' AND consumed_at IS NULL AND expires_at > $2
          RETURNING ${pendingSignUpColumns}`,
        [secretHash, now],
      );
      const row = rows[0];
      return row === undefined ? null : toPendingSignUp(row);
    },

    async findLatest(emailKey) {
      const rows = await runQuery(
        db,
        `SELECT ${pendingSignUpColumns} FROM ${t.pendingSignUps} WHERE email_key = $1
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [emailKey],
      );
      const row = rows[0];
      return row === undefined ? null : toPendingSignUp(row);
    },

    async deleteByEmailKey(emailKey) {
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.pendingSignUps} WHERE email_key = $1 RETURNING id`,
        [emailKey],
      );
      return rows.length;
    },

    async deleteExpired(now) {
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.pendingSignUps} WHERE expires_at <= $1 OR consumed_at IS NOT NULL
          RETURNING id`,
        [now],
      );
      return rows.length;
    },
  };
}
