import type { AuditLogRecord, AuditLogRepo, AuthEventType, JsonValue } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { decodeAuditCursor, encodeAuditCursor } from '@portcullis/core/adapter';
import type { Row, SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import type { Tables } from './schema.ts';

// `id` is a bigint: drivers hand it over as a string (pg) or a bigint (PGlite), never rounded.
const COLUMNS = 'id, type, at, user_id, actor_id, session_id, ip, user_agent, details';

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function toAuditRecord(row: Row): AuditLogRecord {
  const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
  return {
    id: String(row.id),
    type: String(row.type) as AuthEventType,
    at: row.at instanceof Date ? row.at : new Date(String(row.at)),
    userId: textOrNull(row.user_id),
    actorId: textOrNull(row.actor_id),
    sessionId: textOrNull(row.session_id),
    ip: textOrNull(row.ip),
    userAgent: textOrNull(row.user_agent),
    details: details as { readonly [key: string]: JsonValue },
  };
}

/** `AuditLogRepo` over the `audit_log` table: one statement per method. */
export function createPostgresAuditLogRepo(db: SqlClient, t: Tables): AuditLogRepo {
  return {
    async append(entry) {
      await runQuery(
        db,
        `INSERT INTO ${t.auditLog} (type, at, user_id, actor_id, session_id, ip, user_agent, details)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [
          entry.type,
          entry.at,
          entry.userId,
          entry.actorId,
          entry.sessionId,
          entry.ip,
          entry.userAgent,
          JSON.stringify(entry.details),
        ],
      );
    },

    async list(query) {
      if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
        throw new InputError([{ field: 'limit', problem: 'invalid_format' }]);
      }
      const before = query.cursor === undefined ? null : decodeAuditCursor(query.cursor);
      const rows = await runQuery(
        db,
        `SELECT ${COLUMNS} FROM ${t.auditLog}
          WHERE ($1::text IS NULL OR user_id = $1::text)
            AND ($2::text[] IS NULL OR type = ANY($2::text[]))
            AND ($3::timestamptz IS NULL OR at >= $3::timestamptz)
            AND ($4::timestamptz IS NULL OR at < $4::timestamptz)
            AND ($5::bigint IS NULL OR id < $5::bigint)
          ORDER BY id DESC
          LIMIT $6`,
        [
          query.userId ?? null,
          query.types === undefined ? null : [...query.types],
          query.from ?? null,
          query.to ?? null,
          before === null ? null : before.toString(),
          // One extra row tells whether another page exists.
          query.limit + 1,
        ],
      );
      const entries = rows.slice(0, query.limit).map(toAuditRecord);
      const last = entries.at(-1);
      return {
        entries,
        nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last) : null,
      };
    },

    async pseudonymiseUser(userId, pseudonym) {
      const rows = await runQuery(
        db,
        `WITH changed AS (
           UPDATE ${t.auditLog}
              SET user_id = CASE WHEN user_id = $1 THEN $2 ELSE user_id END,
                  actor_id = CASE WHEN actor_id = $1 THEN $2 ELSE actor_id END,
                  ip = NULL,
                  user_agent = NULL,
                  details = CASE WHEN type = 'user.banned' THEN details - 'reason' ELSE details END
            WHERE user_id = $1 OR actor_id = $1
           RETURNING 1)
         SELECT count(*)::int AS count FROM changed`,
        [userId, pseudonym],
      );
      return Number(rows[0]?.count ?? 0);
    },

    deleteOlderThan(before) {
      return deleteCounted(db, t.auditLog, 'at < $1', [before]);
    },
  };
}
