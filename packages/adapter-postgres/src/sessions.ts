import type { SessionRepo } from '@portcullis/core';
import type { SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import { sessionColumns, toSession } from './rows.ts';
import type { Tables } from './schema.ts';

export function createPostgresSessionRepo(db: SqlClient, t: Tables): SessionRepo {
  return {
    async create(session) {
      await runQuery(
        db,
        `INSERT INTO ${t.sessions} (${sessionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          session.id,
          session.userId,
          session.secretHash,
          session.aal,
          session.ip,
          session.userAgent,
          session.createdAt,
          session.lastUsedAt,
          session.expiresAt,
        ],
      );
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

    async delete(id) {
      const rows = await runQuery(db, `DELETE FROM ${t.sessions} WHERE id = $1 RETURNING id`, [id]);
      return rows.length === 1;
    },

    async deleteByUser(userId, exceptId) {
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.sessions} WHERE user_id = $1 AND ($2::text IS NULL OR id <> $2::text)
          RETURNING id`,
        [userId, exceptId ?? null],
      );
      return rows.length;
    },
  };
}
