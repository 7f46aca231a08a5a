import type { RefreshTokenRepo, SessionRecord } from '@portcullis/core';
import type { Row, SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import {
  refreshTokenColumns,
  refreshTokenTable,
  sessionTable,
  toRefreshToken,
  toSession,
} from './rows.ts';
import type { Tables } from './schema.ts';

/** Typed placeholders: in `INSERT … SELECT` nothing else infers the values' types. */
const placeholders = refreshTokenTable.placeholders();
/** Rotation's own parameters come after the successor's columns. */
const [nowParameter, oldHashParameter] = [1, 2].map(
  (index) => `$${refreshTokenTable.names.length + index}`,
);

/** Session columns renamed `s_<column>` (no token column starts so), so one row carries both. */
const joinedSessionColumns = sessionTable.names
  .map((column) => `s.${column} AS s_${column}`)
  .join(', ');
const joinedTokenColumns = refreshTokenTable.names.map((column) => `rt.${column}`).join(', ');

function sessionOf(row: Row): SessionRecord | null {
  if (row.s_id === null || row.s_id === undefined) return null;
  const fields = Object.entries(row)
    .filter(([key]) => key.startsWith('s_'))
    .map(([key, value]) => [key.slice('s_'.length), value]);
  return toSession(Object.fromEntries(fields));
}

export function createPostgresRefreshTokenRepo(db: SqlClient, t: Tables): RefreshTokenRepo {
  /**
   * The token's user ($3, `user_id` in the column order), locked FOR SHARE, if the user may
   * hold tokens. A ban's UPDATE and this lock exclude each other, so a ban either waits for
   * the insert (and its revoke-all then sees the new token) or the insert sees the ban.
   */
  const activeOwner = `SELECT id FROM ${t.users}
     WHERE id = $3::text AND banned_at IS NULL AND deleted_at IS NULL FOR SHARE`;

  async function findByHash(tokenHash: string) {
    const rows = await runQuery(
      db,
      `SELECT ${refreshTokenColumns} FROM ${t.refreshTokens} WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row === undefined ? null : toRefreshToken(row);
  }

  return {
    async create(token) {
      // The user must be active: the same lock argument as sessions.create, against a ban.
      const rows = await runQuery(
        db,
        `WITH owner AS (${activeOwner})
          INSERT INTO ${t.refreshTokens} (${refreshTokenColumns})
          SELECT ${placeholders} WHERE EXISTS (SELECT 1 FROM owner)
          RETURNING token_hash`,
        refreshTokenTable.values(token),
      );
      return rows.length === 1;
    },

    findByHash,

    async findWithSession(tokenHash) {
      // A LEFT JOIN on the session's primary key: the token row's own lookup is its primary
      // key too, so this is two index probes in one round trip.
      const rows = await runQuery(
        db,
        `SELECT ${joinedTokenColumns}, ${joinedSessionColumns}
           FROM ${t.refreshTokens} rt LEFT JOIN ${t.sessions} s ON s.id = rt.session_id
          WHERE rt.token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      return row === undefined ? null : { token: toRefreshToken(row), session: sessionOf(row) };
    },

    async rotate(oldHash, next, now) {
      // One statement: the user lock (see activeOwner) keeps a ban out; the UPDATE claims
      // the live row (a concurrent rotation blocks on the row lock, then re-checks
      // `rotated_at IS NULL` and claims nothing) and the INSERT adds the successor only
      // when the claim succeeded. If the INSERT fails, the whole statement — claim
      // included — rolls back.
      const rows = await runQuery(
        db,
        `WITH owner AS (${activeOwner}),
          claimed AS (
            UPDATE ${t.refreshTokens} SET rotated_at = ${nowParameter}::timestamptz
             WHERE token_hash = ${oldHashParameter}::text AND rotated_at IS NULL AND revoked_at IS NULL
               AND user_id = $3::text AND EXISTS (SELECT 1 FROM owner)
            RETURNING token_hash
          )
          INSERT INTO ${t.refreshTokens} (${refreshTokenColumns})
          SELECT ${placeholders} WHERE EXISTS (SELECT 1 FROM claimed)
          RETURNING token_hash`,
        [...refreshTokenTable.values(next), now, oldHash],
      );
      if (rows.length === 1) return { ok: true };
      // Read after the failed claim, in a new snapshot: the row as the winner left it.
      return { ok: false, current: await findByHash(oldHash) };
    },

    deleteExpired(now) {
      return deleteCounted(db, t.refreshTokens, 'family_expires_at <= $1', [now]);
    },
  };
}
