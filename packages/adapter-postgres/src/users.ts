import type { UserListQuery, UserPage, UserPatch, UserRepo } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { decodeCursor, encodeCursor } from '@portcullis/core/adapter';
import type { SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import { violatesReference } from './errors.ts';
import { toUser, userColumns, userTable } from './rows.ts';
import type { Tables } from './schema.ts';

/**
 * Patch fields and their columns. Only these are ever written by `update`; anything else
 * in a patch object (an `id` smuggled in at runtime) is ignored. Column names come from
 * this constant, never from input.
 */
const patchColumns = {
  email: 'email',
  emailVerifiedAt: 'email_verified_at',
  passwordHash: 'password_hash',
  bannedAt: 'banned_at',
  banReason: 'ban_reason',
  deletedAt: 'deleted_at',
  metadata: 'metadata',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof UserPatch, string>;

function patchAssignments(patch: UserPatch): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(patchColumns)) {
    const value = patch[field as keyof UserPatch];
    if (value === undefined) continue;
    values.push(field === 'metadata' ? JSON.stringify(value) : value);
    sql.push(`${column} = $${values.length + 1}${field === 'metadata' ? '::jsonb' : ''}`);
  }
  return { sql, values };
}

async function list(db: SqlClient, t: Tables, query: UserListQuery): Promise<UserPage> {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw new InputError([{ field: 'limit', problem: 'invalid_format' }]);
  }
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  // strpos is a plain substring test, so `%` and `_` in the filter match literally.
  const rows = await runQuery(
    db,
    `SELECT ${userColumns} FROM ${t.users}
      WHERE ($1::boolean OR deleted_at IS NULL)
        AND ($2::text IS NULL OR strpos(lower(email_key), lower($2::text)) > 0)
        AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::text COLLATE "C"))
      ORDER BY created_at, id
      LIMIT $5`,
    [
      query.includeDeleted === true,
      query.emailContains ?? null,
      after === null ? null : new Date(after.createdAtMs),
      after?.id ?? null,
      // One extra row tells whether another page exists, so a full last page ends with null.
      query.limit + 1,
    ],
  );
  const users = rows.slice(0, query.limit).map(toUser);
  const last = users.at(-1);
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ createdAtMs: last.createdAt.getTime(), id: last.id })
      : null;
  return { users, nextCursor };
}

export function createPostgresUserRepo(db: SqlClient, t: Tables): UserRepo {
  return {
    async create(user) {
      // The unique email_key arbitrates: a taken key inserts nothing.
      const rows = await runQuery(
        db,
        `INSERT INTO ${t.users} (${userColumns}) VALUES (${userTable.placeholders()})
          ON CONFLICT (email_key) DO NOTHING
          RETURNING ${userColumns}`,
        userTable.values(user),
      );
      const row = rows[0];
      return row === undefined ? null : toUser(row);
    },

    async findById(id) {
      const rows = await runQuery(db, `SELECT ${userColumns} FROM ${t.users} WHERE id = $1`, [id]);
      const row = rows[0];
      return row === undefined ? null : toUser(row);
    },

    async findByEmailKey(emailKey) {
      const rows = await runQuery(
        db,
        `SELECT ${userColumns} FROM ${t.users} WHERE email_key = $1`,
        [emailKey],
      );
      const row = rows[0];
      return row === undefined ? null : toUser(row);
    },

    async update(id, patch) {
      const { sql, values } = patchAssignments(patch);
      const rows = await runQuery(
        db,
        `UPDATE ${t.users} SET ${sql.join(', ')} WHERE id = $1 RETURNING ${userColumns}`,
        [id, ...values],
      );
      const row = rows[0];
      return row === undefined ? null : toUser(row);
    },

    async replacePasswordHash(id, expectedHash, nextHash, updatedAt) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.users} SET password_hash = $3, updated_at = $4
          WHERE id = $1 AND password_hash = $2 RETURNING id`,
        [id, expectedHash, nextHash, updatedAt],
      );
      return rows.length === 1;
    },

    async confirmEmail(id, emailKey, passwordHash, now) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.users}
            SET email_verified_at = $3, password_hash = COALESCE($4, password_hash), updated_at = $3
          WHERE id = $1 AND email_key = $2 AND email_verified_at IS NULL AND deleted_at IS NULL
          RETURNING ${userColumns}`,
        [id, emailKey, now, passwordHash],
      );
      const row = rows[0];
      return row === undefined ? null : toUser(row);
    },

    list: (query) => list(db, t, query),

    async delete(id) {
      // Sessions, refresh tokens, verification tokens and the rest go with it (ON DELETE
      // CASCADE); an organization it owns refuses it (ON DELETE RESTRICT, migration 0015),
      // and the failed statement deleted nothing.
      try {
        const rows = await runQuery(db, `DELETE FROM ${t.users} WHERE id = $1 RETURNING id`, [id]);
        return rows.length === 1 ? 'deleted' : 'missing';
      } catch (error) {
        if (violatesReference(error, 'organizations_owner_fk')) return 'owns_organization';
        throw error;
      }
    },
  };
}
