import type { OrganizationRepo } from '@portcullis/core';
import type { Row, SqlClient } from './client.ts';
import { deleteCounted, runQuery } from './client.ts';
import {
  invitationTable,
  membershipTable,
  organizationTable,
  toInvitation,
  toMembership,
  toOrganization,
} from './organization-rows.ts';
import type { Tables } from './schema.ts';

const organizationColumns = organizationTable.list;
const membershipColumns = membershipTable.list;
const invitationColumns = invitationTable.list;

function first<T>(rows: Row[], map: (row: Row) => T): T | null {
  const row = rows[0];
  return row === undefined ? null : map(row);
}

/** A `row_to_json` column as a row (jsonb arrives parsed; a string means parsing was off). */
function json(value: unknown): Row {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Row;
}

/** `OrganizationRepo` over three tables: one statement per method. */
export function createPostgresOrganizationRepo(db: SqlClient, t: Tables): OrganizationRepo {
  return {
    async create(organization, owner) {
      const n = organizationTable.names.length;
      await runQuery(
        db,
        `WITH created AS (
            INSERT INTO ${t.organizations} (${organizationColumns})
            VALUES (${organizationTable.placeholders()}) RETURNING id
          )
          INSERT INTO ${t.memberships} (${membershipColumns})
          SELECT ${membershipTable.placeholders(n)} FROM created`,
        [...organizationTable.values(organization), ...membershipTable.values(owner)],
      );
    },

    async findById(organizationId) {
      const rows = await runQuery(
        db,
        `SELECT ${organizationColumns} FROM ${t.organizations} WHERE id = $1`,
        [organizationId],
      );
      return first(rows, toOrganization);
    },

    async findMembership(organizationId, userId) {
      const rows = await runQuery(
        db,
        `SELECT ${membershipColumns} FROM ${t.memberships}
          WHERE organization_id = $1 AND user_id = $2`,
        [organizationId, userId],
      );
      return first(rows, toMembership);
    },

    async listMembers(organizationId) {
      const rows = await runQuery(
        db,
        `SELECT ${membershipColumns} FROM ${t.memberships}
          WHERE organization_id = $1 AND status = 'active'
          ORDER BY created_at, user_id`,
        [organizationId],
      );
      return rows.map(toMembership);
    },

    async listByUser(userId) {
      const rows = await runQuery(
        db,
        `SELECT row_to_json(o) AS organization, row_to_json(m) AS membership
           FROM ${t.memberships} m JOIN ${t.organizations} o ON o.id = m.organization_id
          WHERE m.user_id = $1 AND m.status = 'active'
          ORDER BY m.created_at, m.organization_id`,
        [userId],
      );
      return rows.map((row) => ({
        organization: toOrganization(json(row.organization)),
        membership: toMembership(json(row.membership)),
      }));
    },

    async replaceInvitation(invitation) {
      // The organization row is locked (KEY SHARE) first, in the order deleteOrganization
      // takes them: a deletion either ends before (nothing is inserted) or waits for this
      // one and takes the invitation with it. The row index of organization_id is 2.
      const rows = await runQuery(
        db,
        `WITH org AS (
            SELECT id FROM ${t.organizations} WHERE id = $2::text FOR KEY SHARE
          )
          INSERT INTO ${t.invitations} (${invitationColumns})
          SELECT ${invitationTable.placeholders()} FROM org
          ON CONFLICT (organization_id, email_key) WHERE accepted_at IS NULL DO UPDATE
            SET id = excluded.id, email = excluded.email, role = excluded.role,
                secret_hash = excluded.secret_hash, invited_by = excluded.invited_by,
                created_at = excluded.created_at, expires_at = excluded.expires_at
          RETURNING id`,
        invitationTable.values(invitation),
      );
      return rows.length === 1;
    },

    async listInvitations(organizationId, now, limit) {
      const rows = await runQuery(
        db,
        `SELECT ${invitationColumns} FROM ${t.invitations}
          WHERE organization_id = $1 AND accepted_at IS NULL AND expires_at > $2
          ORDER BY created_at DESC, id DESC LIMIT $3`,
        [organizationId, now, limit],
      );
      return rows.map(toInvitation);
    },

    async listInvitationsTo(emailKey, now) {
      const rows = await runQuery(
        db,
        `SELECT ${invitationColumns} FROM ${t.invitations}
          WHERE email_key = $1 AND accepted_at IS NULL AND expires_at > $2
          ORDER BY created_at DESC, id DESC`,
        [emailKey, now],
      );
      return rows.map(toInvitation);
    },

    async revokeInvitation(organizationId, invitationId) {
      // A concurrent acceptance holds the row: this waits, re-reads it as accepted and
      // deletes nothing; an acceptance after this finds no row to claim.
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.invitations}
          WHERE organization_id = $1 AND id = $2 AND accepted_at IS NULL
          RETURNING ${invitationColumns}`,
        [organizationId, invitationId],
      );
      return first(rows, toInvitation);
    },

    async deleteInvitationsTo(emailKey) {
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.invitations} WHERE email_key = $1 RETURNING id`,
        [emailKey],
      );
      return rows.length;
    },

    async eraseInvitationActor(userId, pseudonym) {
      // Two statements, the second with a fresh snapshot: an invitation accepted while the
      // first runs (it waits on the acceptance's row lock, then skips the row as accepted)
      // has committed before the second starts, which then unnames it. In one statement
      // both parts read one snapshot, and such an invitation kept the user's id. Each part
      // is idempotent, so an interrupted erasure's retry finishes the work.
      const withdrawn = await deleteCounted(
        db,
        t.invitations,
        'invited_by = $1::text AND accepted_at IS NULL',
        [userId],
      );
      const rows = await runQuery(
        db,
        `WITH unnamed AS (
            UPDATE ${t.invitations}
               SET invited_by = CASE WHEN invited_by = $1::text THEN $2::text ELSE invited_by END,
                   accepted_by = CASE WHEN accepted_by = $1::text THEN $2::text
                                      ELSE accepted_by END
             WHERE accepted_at IS NOT NULL AND (invited_by = $1::text OR accepted_by = $1::text)
            RETURNING id
          )
          SELECT count(*)::int AS changed FROM unnamed`,
        [userId, pseudonym],
      );
      return withdrawn + Number(rows[0]?.changed ?? 0);
    },

    async acceptInvitation({ secretHash, emailKey, userId, now }) {
      // The claim and the membership are one statement: a concurrent acceptance waits on
      // the invitation's row lock, re-reads it as accepted and claims nothing.
      // The organization row is locked (KEY SHARE) before the invitation, in the order
      // deleteOrganization takes them; locking it only at the membership's foreign-key
      // check, after the invitation, deadlocked against a deletion.
      const rows = await runQuery(
        db,
        `WITH org AS (
            SELECT id FROM ${t.organizations}
             WHERE id = (SELECT organization_id FROM ${t.invitations} WHERE secret_hash = $1::text)
            FOR KEY SHARE
          ), claimed AS (
            UPDATE ${t.invitations} SET accepted_at = $4::timestamptz, accepted_by = $3::text
             WHERE secret_hash = $1::text AND email_key = $2::text
               AND accepted_at IS NULL AND expires_at > $4::timestamptz
               AND organization_id = (SELECT id FROM org)
            RETURNING ${invitationColumns}
          ), joined AS (
            INSERT INTO ${t.memberships} AS m (${membershipColumns})
            SELECT organization_id, $3::text, role, 'active', $4::timestamptz, $4::timestamptz
              FROM claimed
            ON CONFLICT (organization_id, user_id) DO UPDATE
              SET role = CASE WHEN m.status = 'active' THEN m.role ELSE excluded.role END,
                  updated_at = CASE WHEN m.status = 'active' THEN m.updated_at
                                    ELSE excluded.updated_at END,
                  status = 'active'
            RETURNING ${membershipColumns}
          )
          SELECT (SELECT row_to_json(c) FROM claimed c) AS invitation,
                 (SELECT row_to_json(j) FROM joined j) AS membership`,
        [secretHash, emailKey, userId, now],
      );
      const row = rows[0];
      if (row === undefined || row.invitation === null || row.membership === null) return null;
      return {
        invitation: toInvitation(json(row.invitation)),
        membership: toMembership(json(row.membership)),
      };
    },

    async removeMember(organizationId, userId, now) {
      // FOR SHARE conflicts with a transfer's UPDATE of the owner: whichever comes second
      // sees the first's result, so a member being made owner is never removed. The
      // member's pending invitations go in the same statement: a removed admin's invitee
      // must not bring them back.
      const rows = await runQuery(
        db,
        `WITH org AS (
            SELECT owner_id FROM ${t.organizations} WHERE id = $1::text FOR SHARE
          ), removed AS (
            UPDATE ${t.memberships} SET status = 'removed', updated_at = $3::timestamptz
             WHERE organization_id = $1::text AND user_id = $2::text AND status = 'active'
               AND $2::text <> (SELECT owner_id FROM org)
            RETURNING user_id
          ), withdrawn AS (
            DELETE FROM ${t.invitations}
             WHERE organization_id = $1::text AND invited_by = $2::text AND accepted_at IS NULL
               AND EXISTS (SELECT 1 FROM removed)
          )
          SELECT user_id FROM removed`,
        [organizationId, userId, now],
      );
      return rows.length === 1;
    },

    async transferOwnership(organizationId, fromUserId, toUserId, now) {
      // The new owner's user row is locked first (FOR SHARE, so a concurrent ban, soft
      // deletion or deletion either waits for this or is seen by it) and must be neither
      // banned nor deleted: an erasure locks the user out before it checks ownership, so
      // nobody is made owner after that check. Then the organization row and the
      // membership, in the order removeMember takes them, so the two never wait on each
      // other in a cycle (the opposite order deadlocked under a transfer racing the new
      // owner's removal). A concurrent removal either ends before (and this finds no
      // active member) or waits and then sees the new owner. The owner column is a
      // compare-and-set: of concurrent transfers one matches.
      const rows = await runQuery(
        db,
        `WITH eligible AS (
            SELECT id FROM ${t.users}
             WHERE id = $3::text AND banned_at IS NULL AND deleted_at IS NULL
            FOR SHARE
          ), org AS (
            SELECT id FROM ${t.organizations}
             WHERE id = $1::text AND owner_id = $2::text AND EXISTS (SELECT 1 FROM eligible)
            FOR UPDATE
          ), target AS (
            SELECT user_id FROM ${t.memberships}
             WHERE organization_id = $1::text AND user_id = $3::text AND status = 'active'
               AND $3::text <> $2::text AND EXISTS (SELECT 1 FROM org)
            FOR UPDATE
          ), moved AS (
            UPDATE ${t.organizations} SET owner_id = $3::text
             WHERE id = $1::text AND owner_id = $2::text AND EXISTS (SELECT 1 FROM target)
            RETURNING id
          ), demoted AS (
            UPDATE ${t.memberships} SET role = 'admin', updated_at = $4::timestamptz
             WHERE organization_id = $1::text AND user_id = $2::text
               AND EXISTS (SELECT 1 FROM moved)
          )
          SELECT id FROM moved`,
        [organizationId, fromUserId, toUserId, now],
      );
      return rows.length === 1;
    },

    async changeRole({ organizationId, actorId, actorRole, userId, from, to, now }) {
      // Locks in removeMember's order: the organization row (FOR SHARE, so a transfer
      // waits or is waited for), then memberships. Both standings are compared in the same
      // statement: the actor's role (or ownership) and the member's role as read. A demoted
      // admin's pending invitations go in the same statement, as a removed member's do: an
      // invitation sent as admin (perhaps for `admin`) must not outlive the standing.
      const rows = await runQuery(
        db,
        `WITH org AS (
            SELECT owner_id FROM ${t.organizations} WHERE id = $1::text FOR SHARE
          ), actor AS (
            SELECT user_id FROM ${t.memberships}
             WHERE organization_id = $1::text AND user_id = $2::text AND status = 'active'
               AND CASE WHEN $3::text = 'owner' THEN user_id = (SELECT owner_id FROM org)
                        ELSE role = $3::text AND user_id <> (SELECT owner_id FROM org) END
            FOR SHARE
          ), changed AS (
            UPDATE ${t.memberships} SET role = $6::text, updated_at = $7::timestamptz
             WHERE organization_id = $1::text AND user_id = $4::text AND status = 'active'
               AND role = $5::text AND user_id <> (SELECT owner_id FROM org)
               AND EXISTS (SELECT 1 FROM actor)
            RETURNING ${membershipColumns}
          ), withdrawn AS (
            DELETE FROM ${t.invitations}
             WHERE organization_id = $1::text AND invited_by = $4::text AND accepted_at IS NULL
               AND $5::text = 'admin' AND $6::text = 'member'
               AND EXISTS (SELECT 1 FROM changed)
          )
          SELECT ${membershipColumns} FROM changed`,
        [organizationId, actorId, actorRole, userId, from, to, now],
      );
      return first(rows, toMembership);
    },

    async deleteOrganization(organizationId, ownerId) {
      // Deleting the row locks it first (like a transfer, which then finds another owner
      // or no row); memberships, invitations and API keys go by the foreign keys' cascade,
      // so a key inserted concurrently (a creation or a rotation's successor) either fails
      // its reference check or is deleted with the organization.
      const rows = await runQuery(
        db,
        `DELETE FROM ${t.organizations} WHERE id = $1 AND owner_id = $2 RETURNING id`,
        [organizationId, ownerId],
      );
      return rows.length === 1;
    },
  };
}
