import type { ApiKeyOwner, ApiKeyRecord, ApiKeyRepo } from '@portcullis/core';
import type { Row, SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import { tableColumns } from './columns.ts';
import { date, dateOrNull, textOrNull } from './rows.ts';
import type { Tables } from './schema.ts';

const apiKeyTable = tableColumns<ApiKeyRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  organizationId: ['organization_id', 'text'],
  name: ['name', 'text'],
  secretHash: ['secret_hash', 'text'],
  scopes: ['scopes', 'jsonb'],
  allowedIps: ['allowed_ips', 'jsonb'],
  allowedOrigins: ['allowed_origins', 'jsonb'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
  lastUsedAt: ['last_used_at', 'timestamptz'],
  revokedAt: ['revoked_at', 'timestamptz'],
  rotatedAt: ['rotated_at', 'timestamptz'],
  replacedBy: ['replaced_by', 'text'],
});
const columns = apiKeyTable.list;

function strings(value: unknown): readonly string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

function toApiKey(row: Row): ApiKeyRecord {
  return {
    id: String(row.id),
    userId: textOrNull(row.user_id),
    organizationId: textOrNull(row.organization_id),
    name: String(row.name),
    secretHash: String(row.secret_hash),
    scopes: strings(row.scopes),
    allowedIps: strings(row.allowed_ips),
    allowedOrigins: strings(row.allowed_origins),
    createdAt: date(row.created_at),
    expiresAt: dateOrNull(row.expires_at),
    lastUsedAt: dateOrNull(row.last_used_at),
    revokedAt: dateOrNull(row.revoked_at),
    rotatedAt: dateOrNull(row.rotated_at),
    replacedBy: textOrNull(row.replaced_by),
  };
}

/**
 * The owner condition on parameters `$a` (user id) and `$b` (organization id), one of
 * them null. `= NULL` is never true, so a user id never matches an organization's key.
 */
function ownerIs(a: number, b: number): string {
  return `(user_id = $${a}::text OR organization_id = $${b}::text)`;
}

function ownerValues(owner: ApiKeyOwner): [string | null, string | null] {
  return [owner.userId ?? null, owner.organizationId ?? null];
}

/** `ApiKeyRepo` over the `api_keys` table: one statement per method. */
export function createPostgresApiKeyRepo(db: SqlClient, t: Tables): ApiKeyRepo {
  return {
    async create(key) {
      // A key of an organization deleted meanwhile fails the reference (StorageError).
      await runQuery(
        db,
        `INSERT INTO ${t.apiKeys} (${columns}) VALUES (${apiKeyTable.placeholders()})`,
        apiKeyTable.values(key),
      );
    },

    async findById(id) {
      const rows = await runQuery(db, `SELECT ${columns} FROM ${t.apiKeys} WHERE id = $1`, [id]);
      const row = rows[0];
      return row === undefined ? null : toApiKey(row);
    },

    async listByOwner(owner) {
      const rows = await runQuery(
        db,
        `SELECT ${columns} FROM ${t.apiKeys} WHERE ${ownerIs(1, 2)}
          ORDER BY created_at DESC, id DESC`,
        ownerValues(owner),
      );
      return rows.map(toApiKey);
    },

    async revoke(owner, id, now) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.apiKeys} SET revoked_at = $4::timestamptz
          WHERE id = $3::text AND ${ownerIs(1, 2)} AND revoked_at IS NULL
          RETURNING ${columns}`,
        [...ownerValues(owner), id, now],
      );
      const row = rows[0];
      return row === undefined ? null : toApiKey(row);
    },

    async rotate({ owner, id, successor, now, overlapUntil }) {
      // The claim and the successor's insert are one statement. A concurrent rotation of
      // the same key waits on the row lock, re-reads it as rotated and claims nothing, so
      // it inserts nothing either.
      // An organization's key locks its organization row first (FOR KEY SHARE, as the
      // successor's reference check would), in the order a deletion of the organization
      // takes them: locking it only at the successor's insert, after the key's row,
      // deadlocked against that deletion. An organization deleted first leaves nothing to
      // claim; one deleted after takes the successor with it.
      const n = apiKeyTable.names.length;
      const rows = await runQuery(
        db,
        `WITH org AS (
            SELECT id FROM ${t.organizations} WHERE id = $${n + 2}::text FOR KEY SHARE
          ), claimed AS (
            UPDATE ${t.apiKeys}
               SET rotated_at = $${n + 4}::timestamptz,
                   replaced_by = $${n + 6}::text,
                   expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < $${n + 5}::timestamptz
                                     THEN expires_at ELSE $${n + 5}::timestamptz END
             WHERE id = $${n + 3}::text AND ${ownerIs(n + 1, n + 2)}
               AND revoked_at IS NULL AND rotated_at IS NULL
               AND (expires_at IS NULL OR expires_at > $${n + 4}::timestamptz)
               AND (organization_id IS NULL OR EXISTS (SELECT 1 FROM org))
            RETURNING ${columns}
          ), successor AS (
            INSERT INTO ${t.apiKeys} (${columns})
            SELECT ${apiKeyTable.placeholders()} WHERE EXISTS (SELECT 1 FROM claimed)
          )
          SELECT ${columns} FROM claimed`,
        [
          ...apiKeyTable.values(successor),
          ...ownerValues(owner),
          id,
          now,
          overlapUntil,
          successor.id,
        ],
      );
      const row = rows[0];
      return row === undefined ? null : toApiKey(row);
    },

    async touch(id, at, staleBefore) {
      await runQuery(
        db,
        `UPDATE ${t.apiKeys} SET last_used_at = $2::timestamptz
          WHERE id = $1::text
            AND (last_used_at IS NULL
                 OR (last_used_at <= $3::timestamptz AND last_used_at < $2::timestamptz))`,
        [id, at, staleBefore],
      );
    },
  };
}
