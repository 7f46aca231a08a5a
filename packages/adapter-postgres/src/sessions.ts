import type { SessionRepo } from '@portcullis/core';
import type { SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import { sessionColumns, sessionTable, toSession } from './rows.ts';
import type { Tables } from './schema.ts';

export function createPostgresSessionRepo(db: SqlClient, t: Tables): SessionRepo {
  return {
    async create(session, precondition) {
      // FOR SHARE conflicts with the UPDATE of a ban, a soft deletion or a password change:
      // whichever comes second waits for the first to commit and then sees its result.
      // Either the change sees this session (and its revoke-all ends it), or this insert
      // sees the change and inserts nothing. The foreign key's own lock (FOR KEY SHARE)
      // would not conflict.
      const values = sessionTable.values(session);
      const samePassword = precondition
        ? ` AND password_hash IS NOT DISTINCT FROM $${values.length + 1}::text`
        : '';
      const rows = await runQuery(
        db,
        `WITH owner AS (
            SELECT id FROM ${t.users}
             WHERE id = $2::text AND banned_at IS NULL AND deleted_at IS NULL${samePassword}
            FOR SHARE
          )
          INSERT INTO ${t.sessions} (${sessionColumns})
          SELECT ${sessionTable.placeholders()} WHERE EXISTS (SELECT 1 FROM owner)
          RETURNING id`,
        precondition ? [...values, precondition.passwordHash] : values,
      );
      return rows.length === 1;
    },

    async findById(id) {
      const rows = await runQuery(db, `SELECT ${sessionColumns} FROM ${t.sessions} WHERE id = $1`, [
        id,
      ]);
      const row = rows[0];
      return row === undefined ? null : toSession(row);
    },

    async listByUser(userId) {
      const rows = await runQuery(
        db,
        `SELECT ${sessionColumns} FROM ${t.sessions} WHERE user_id = $1
          ORDER BY created_at DESC, id DESC`,
        [userId],
      );
      return rows.map(toSession);
    },

    async touch(id, lastUsedAt) {
      // GREATEST in the same statement: concurrent touches never move it backwards.
      await runQuery(
        db,
        `UPDATE ${t.sessions} SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1`,
        [id, lastUsedAt],
      );
    },

    async end(id, now) {
      // One statement, so the server applies both writes or neither. A rotation racing it
      // may add a successor after this statement's snapshot; that token names a session
      // that no longer exists, which core's rotation checks first (`session_ended`, and
      // the family is ended again).
      const rows = await runQuery(
        db,
        `WITH revoked AS (
            UPDATE ${t.refreshTokens} SET revoked_at = $2::timestamptz
             WHERE session_id = $1::text AND revoked_at IS NULL
          )
          DELETE FROM ${t.sessions} WHERE id = $1::text RETURNING id`,
        [id, now],
      );
      return rows.length === 1;
    },

    async endByUser(userId, now, exceptId) {
      // `kept` is the caller's own session only if it is this user's: a foreign or unknown
      // id spares nothing.
      const rows = await runQuery(
        db,
        `WITH kept AS (
            SELECT id FROM ${t.sessions} WHERE id = $3::text AND user_id = $1::text
          ), revoked AS (
            UPDATE ${t.refreshTokens} SET revoked_at = $2::timestamptz
             WHERE user_id = $1::text AND revoked_at IS NULL
               AND session_id NOT IN (SELECT id FROM kept)
          )
          DELETE FROM ${t.sessions}
           WHERE user_id = $1::text AND id NOT IN (SELECT id FROM kept)
          RETURNING id`,
        [userId, now, exceptId ?? null],
      );
      return rows.length;
    },

    deleteExpired(now, idleSince) {
      return deleteCounted(db, t.sessions, 'expires_at <= $1 OR last_used_at <= $2', [
        now,
        idleSince,
      ]);
    },
  };
}
