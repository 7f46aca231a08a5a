import type {
  PasskeyCeremony,
  PasskeyChallengeRecord,
  PasskeyCredentialRecord,
  PasskeyRepo,
} from '@portcullis/core';
import type { Row, SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import { tableColumns } from './columns.ts';
import type { Tables } from './schema.ts';

const challengeTable = tableColumns<PasskeyChallengeRecord>({
  challengeHash: ['challenge_hash', 'text'],
  ceremony: ['ceremony', 'text'],
  userId: ['user_id', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
});
const credentialTable = tableColumns<PasskeyCredentialRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  credentialId: ['credential_id', 'text'],
  publicKey: ['public_key', 'text'],
  counter: ['counter', 'bigint'],
  transports: ['transports', 'jsonb'],
  multiDevice: ['multi_device', 'boolean'],
  backedUp: ['backed_up', 'boolean'],
  name: ['name', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  lastUsedAt: ['last_used_at', 'timestamptz'],
});
const challengeColumns = challengeTable.list;
const credentialColumns = credentialTable.list;

const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));

function toChallenge(row: Row): PasskeyChallengeRecord {
  return {
    challengeHash: String(row.challenge_hash),
    ceremony: String(row.ceremony) as PasskeyCeremony,
    userId: row.user_id === null || row.user_id === undefined ? null : String(row.user_id),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
  };
}

function toCredential(row: Row): PasskeyCredentialRecord {
  const transports: unknown =
    typeof row.transports === 'string' ? JSON.parse(row.transports) : row.transports;
  return {
    id: String(row.id),
    userId: String(row.user_id),
    credentialId: String(row.credential_id),
    publicKey: String(row.public_key),
    counter: Number(row.counter),
    transports: Array.isArray(transports) ? transports.map(String) : [],
    multiDevice: row.multi_device === true,
    backedUp: row.backed_up === true,
    name: String(row.name),
    createdAt: date(row.created_at),
    lastUsedAt:
      row.last_used_at === null || row.last_used_at === undefined ? null : date(row.last_used_at),
  };
}

/** `PasskeyRepo` on Postgres: every method one statement (see docs/architecture.md). */
export function createPostgresPasskeyRepo(db: SqlClient, t: Tables): PasskeyRepo {
  return {
    async saveChallenge(challenge) {
      await runQuery(
        db,
        `INSERT INTO ${t.passkeyChallenges} (${challengeColumns}) VALUES (${challengeTable.placeholders()})`,
        challengeTable.values(challenge),
      );
    },

    async consumeChallenge(challengeHash, now) {
      // The DELETE is the claim: of concurrent calls exactly one deletes the row. An expired
      // row is deleted too, and answers nothing.
      const rows = await runQuery(
        db,
        `WITH gone AS (
            DELETE FROM ${t.passkeyChallenges} WHERE challenge_hash = $1
            RETURNING ${challengeColumns}
          )
          SELECT ${challengeColumns} FROM gone WHERE expires_at > $2::timestamptz`,
        [challengeHash, now],
      );
      const row = rows[0];
      return row === undefined ? null : toChallenge(row);
    },

    async deleteExpiredChallenges(now) {
      return deleteCounted(db, t.passkeyChallenges, 'expires_at <= $1::timestamptz', [now]);
    },

    async createCredential(credential) {
      const rows = await runQuery(
        db,
        `INSERT INTO ${t.passkeyCredentials} (${credentialColumns})
          VALUES (${credentialTable.placeholders()})
          ON CONFLICT (credential_id) DO NOTHING
          RETURNING id`,
        credentialTable.values(credential),
      );
      return rows.length === 1;
    },

    async findByCredentialId(credentialId) {
      const rows = await runQuery(
        db,
        `SELECT ${credentialColumns} FROM ${t.passkeyCredentials} WHERE credential_id = $1`,
        [credentialId],
      );
      const row = rows[0];
      return row === undefined ? null : toCredential(row);
    },

    async listByUser(userId) {
      const rows = await runQuery(
        db,
        `SELECT ${credentialColumns} FROM ${t.passkeyCredentials}
          WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toCredential);
    },

    async recordUse(id, use) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.passkeyCredentials}
            SET counter = $3::bigint, backed_up = $4::boolean, last_used_at = $5::timestamptz
          WHERE id = $1 AND counter = $2::bigint
          RETURNING id`,
        [id, use.expectedCounter, use.newCounter, use.backedUp, use.now],
      );
      return rows.length === 1;
    },

    async rename(userId, id, name) {
      const rows = await runQuery(
        db,
        `UPDATE ${t.passkeyCredentials} SET name = $3 WHERE user_id = $1 AND id = $2 RETURNING id`,
        [userId, id, name],
      );
      return rows.length === 1;
    },

    async remove(userId, id) {
      // `mine` locks every passkey of the user in one order (no deadlock between two
      // removals); one that a concurrent removal deleted first is skipped, so the count is
      // of passkeys that still exist and the second of two racing removals sees one.
      const rows = await runQuery(
        db,
        `WITH mine AS (
            SELECT id FROM ${t.passkeyCredentials} WHERE user_id = $1 ORDER BY id FOR UPDATE
          ), gone AS (
            DELETE FROM ${t.passkeyCredentials}
             WHERE user_id = $1 AND id = $2
               AND id IN (SELECT id FROM mine)
               AND ((SELECT count(*) FROM mine) > 1
                    OR EXISTS (SELECT 1 FROM ${t.users} WHERE id = $1 AND password_hash IS NOT NULL)
                    OR EXISTS (SELECT 1 FROM ${t.oauthAccounts} WHERE user_id = $1))
            RETURNING id
          )
          SELECT (SELECT count(*)::int FROM gone) AS deleted,
                 (SELECT count(*)::int FROM mine WHERE id = $2) AS found`,
        [userId, id],
      );
      const row = rows[0];
      if (Number(row?.deleted ?? 0) === 1) return 'removed';
      return Number(row?.found ?? 0) === 1 ? 'last_sign_in_method' : 'not_found';
    },
  };
}
