import type { OAuthAccountRecord, OAuthAccountRepo } from '@portcullis/core';
import { isAuthError } from '@portcullis/core';
import type { Row, SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import { tableColumns } from './columns.ts';
import { toUser, userColumns, userTable } from './rows.ts';
import type { Tables } from './schema.ts';

const accountTable = tableColumns<OAuthAccountRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  provider: ['provider', 'text'],
  issuer: ['issuer', 'text'],
  subject: ['subject', 'text'],
  email: ['email', 'text'],
  emailVerified: ['email_verified', 'boolean'],
  tokens: ['tokens', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  lastUsedAt: ['last_used_at', 'timestamptz'],
});
const accountColumns = accountTable.list;

const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));

function toAccount(row: Row): OAuthAccountRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    provider: String(row.provider),
    issuer: String(row.issuer),
    subject: String(row.subject),
    email: row.email === null || row.email === undefined ? null : String(row.email),
    emailVerified: row.email_verified === true,
    tokens: row.tokens === null || row.tokens === undefined ? null : String(row.tokens),
    createdAt: date(row.created_at),
    lastUsedAt: date(row.last_used_at),
  };
}

/** Whether `error` is the unique violation of (issuer, subject). */
function isIdentityConflict(error: unknown): boolean {
  if (!isAuthError(error, 'STORAGE_FAILURE')) return false;
  const cause: unknown = error.cause;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    Reflect.get(cause, 'code') === '23505' &&
    Reflect.get(cause, 'constraint') === 'oauth_accounts_identity'
  );
}

export function createPostgresOAuthAccountRepo(db: SqlClient, t: Tables): OAuthAccountRepo {
  return {
    async findByIdentity(issuer, subject) {
      const rows = await runQuery(
        db,
        `SELECT ${accountColumns} FROM ${t.oauthAccounts} WHERE issuer = $1 AND subject = $2`,
        [issuer, subject],
      );
      const row = rows[0];
      return row === undefined ? null : toAccount(row);
    },

    async listByUser(userId) {
      const rows = await runQuery(
        db,
        `SELECT ${accountColumns} FROM ${t.oauthAccounts} WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toAccount);
    },

    async link(account) {
      // The unique (issuer, subject) arbitrates concurrent links; a deleted user links nothing.
      const rows = await runQuery(
        db,
        `INSERT INTO ${t.oauthAccounts} (${accountColumns})
          SELECT ${accountTable.placeholders()}
           WHERE EXISTS (SELECT 1 FROM ${t.users} WHERE id = $2::text AND deleted_at IS NULL)
          ON CONFLICT (issuer, subject) DO NOTHING
          RETURNING id`,
        accountTable.values(account),
      );
      return rows.length === 1;
    },

    async createUserWithAccount(user, account) {
      // One statement, so both rows or neither. A taken email key inserts no user and so no
      // identity; a taken identity fails the statement (unique violation), which rolls the
      // user back too: no account is ever left without the identity it was made for.
      const userValues = userTable.values(user);
      try {
        const rows = await runQuery(
          db,
          `WITH created AS (
              INSERT INTO ${t.users} (${userColumns}) VALUES (${userTable.placeholders()})
              ON CONFLICT (email_key) DO NOTHING
              RETURNING ${userColumns}
            ), linked AS (
              INSERT INTO ${t.oauthAccounts} (${accountColumns})
              SELECT ${accountTable.placeholders(userValues.length)} FROM created
              RETURNING id
            )
            SELECT created.* FROM created JOIN linked ON true`,
          [...userValues, ...accountTable.values(account)],
        );
        const row = rows[0];
        return row === undefined
          ? { status: 'email_taken' }
          : { status: 'created', user: toUser(row) };
      } catch (error) {
        if (isIdentityConflict(error)) return { status: 'identity_taken' };
        throw error;
      }
    },

    async unlink(userId, id) {
      // `mine` locks every identity of the user (in one order, so two unlinks cannot
      // deadlock). A concurrent unlink that committed first has deleted its row, which the
      // lock then skips, so the count below is the number that still exists: of two
      // unlinks racing for a user's last two identities, the second sees one and refuses.
      const rows = await runQuery(
        db,
        `WITH mine AS (
            SELECT id FROM ${t.oauthAccounts} WHERE user_id = $1 ORDER BY id FOR UPDATE
          ), gone AS (
            DELETE FROM ${t.oauthAccounts}
             WHERE user_id = $1 AND id = $2
               AND id IN (SELECT id FROM mine)
               AND ((SELECT count(*) FROM mine) > 1
                    OR EXISTS (SELECT 1 FROM ${t.users} WHERE id = $1 AND password_hash IS NOT NULL))
            RETURNING id
          )
          SELECT (SELECT count(*)::int FROM gone) AS deleted,
                 (SELECT count(*)::int FROM mine WHERE id = $2) AS found`,
        [userId, id],
      );
      const row = rows[0];
      if (Number(row?.deleted ?? 0) === 1) return 'unlinked';
      return Number(row?.found ?? 0) === 1 ? 'last_sign_in_method' : 'not_found';
    },

    async deleteByUser(userId) {
      return deleteCounted(db, t.oauthAccounts, 'user_id = $1', [userId]);
    },

    async touch(id, lastUsedAt, tokens) {
      await runQuery(
        db,
        `UPDATE ${t.oauthAccounts} SET last_used_at = $2, tokens = coalesce($3, tokens)
          WHERE id = $1 AND last_used_at < $2`,
        [id, lastUsedAt, tokens],
      );
    },
  };
}
