/**
 * Organizations raced on the real server through core, over a pool of 20 connections:
 * one invitation accepted 100 times at once makes one membership, 30 invitations each
 * revoked and accepted at once are each either, and 30 concurrent transfers of one
 * organization leave exactly one owner, who is an active member.
 */
import type { Repositories } from '@portcullis/core';
import { createTestAuth, verifiedUser } from '@portcullis/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { openServerDatabase } from './databases.ts';
import { race } from './race.ts';

const RACE_TIMEOUT_MS = 120_000;

let db: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  db = await openServerDatabase({ max: 20 });
  repos = db.repos;
}, RACE_TIMEOUT_MS);

afterAll(async () => {
  await db.close();
});

async function count(sql: string, values: unknown[]): Promise<number> {
  const { rows } = await db.pool.query(sql.replaceAll('$schema', `"${db.schema}"`), values);
  return Number(rows[0]?.n);
}

describe('organizations, racers on 20 connections', () => {
  it(
    'one invitation accepted 100 times at once admits once',
    async () => {
      const h = createTestAuth({ repos });
      const owner = await verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Race' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      const invitee = await verifiedUser(h);
      await h.auth.inviteMember({ organizationId, userId: owner.userId, email: invitee.email });
      const { token } = h.lastMail('organization_invitation', invitee.email);

      const results = await race(100, () =>
        h.auth.acceptInvitation({ userId: invitee.userId, token }),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(h.eventCount('organization.member_joined')).toBe(1);
      expect(
        await count(
          'SELECT count(*)::int AS n FROM $schema.organization_invitations WHERE organization_id = $1 AND accepted_at IS NOT NULL',
          [organizationId],
        ),
      ).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    '30 invitations each revoked and accepted at once: one of the two per invitation, events agree',
    async () => {
      const h = createTestAuth({ repos });
      const owner = await verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Race' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      const invitees: { userId: string; token: string; invitationId: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const user = await verifiedUser(h);
        const invited = await h.auth.inviteMember({
          organizationId,
          userId: owner.userId,
          email: user.email,
        });
        if (!invited.ok) throw new Error(invited.reason);
        const { token } = h.lastMail('organization_invitation', user.email);
        invitees.push({ userId: user.userId, token, invitationId: invited.invitation.id });
      }

      const [revocations, acceptances] = await Promise.all([
        race(30, (index) =>
          h.auth.revokeInvitation({
            organizationId,
            userId: owner.userId,
            invitationId: invitees[index]?.invitationId ?? '',
          }),
        ),
        race(30, (index) =>
          h.auth.acceptInvitation({
            userId: invitees[index]?.userId ?? '',
            token: invitees[index]?.token ?? '',
          }),
        ),
      ]);

      for (let i = 0; i < 30; i++)
        expect(revocations[i]?.ok !== acceptances[i]?.ok, `invitation ${i}`).toBe(true);
      const joined = acceptances.filter((result) => result.ok).length;
      expect(h.eventCount('organization.member_joined')).toBe(joined);
      expect(h.eventCount('organization.invitation_revoked')).toBe(30 - joined);
      expect(
        await count(
          "SELECT count(*)::int AS n FROM $schema.memberships WHERE organization_id = $1 AND status = 'active'",
          [organizationId],
        ),
      ).toBe(1 + joined);
      expect(
        await count(
          'SELECT count(*)::int AS n FROM $schema.organization_invitations WHERE organization_id = $1',
          [organizationId],
        ),
      ).toBe(joined);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    '30 concurrent transfers to 30 members leave exactly one owner, an active member',
    async () => {
      const h = createTestAuth({ repos });
      const owner = await verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Race' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      const members: { userId: string; email: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const user = await verifiedUser(h);
        await h.auth.inviteMember({ organizationId, userId: owner.userId, email: user.email });
        const { token } = h.lastMail('organization_invitation', user.email);
        expect((await h.auth.acceptInvitation({ userId: user.userId, token })).ok).toBe(true);
        members.push(user);
      }

      // Each member is also removed at the same moment as the transfers run.
      const [transfers] = await Promise.all([
        race(30, (index) =>
          h.auth.transferOwnership({
            organizationId,
            userId: owner.userId,
            newOwnerId: members[index]?.userId ?? '',
          }),
        ),
        race(30, (index) =>
          repos.organizations.removeMember(
            organizationId,
            members[index]?.userId ?? '',
            new Date(),
          ),
        ),
      ]);

      expect(transfers.filter((result) => result.ok).length).toBeLessThanOrEqual(1);
      const organization = await repos.organizations.findById(organizationId);
      const ownerMembership = await repos.organizations.findMembership(
        organizationId,
        organization?.ownerId ?? '',
      );
      expect(ownerMembership?.status).toBe('active');
      expect(h.eventCount('organization.ownership_transferred')).toBe(
        transfers.filter((result) => result.ok).length,
      );
    },
    RACE_TIMEOUT_MS,
  );

  it(
    '30 concurrent transfers (no removals) succeed exactly once',
    async () => {
      const h = createTestAuth({ repos });
      const owner = await verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Race' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      const members: { userId: string; email: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const user = await verifiedUser(h);
        await h.auth.inviteMember({ organizationId, userId: owner.userId, email: user.email });
        const { token } = h.lastMail('organization_invitation', user.email);
        await h.auth.acceptInvitation({ userId: user.userId, token });
        members.push(user);
      }
      const transfers = await race(30, (index) =>
        h.auth.transferOwnership({
          organizationId,
          userId: owner.userId,
          newOwnerId: members[index]?.userId ?? '',
        }),
      );
      expect(transfers.filter((result) => result.ok)).toHaveLength(1);
      expect(
        await count(
          "SELECT count(*)::int AS n FROM $schema.memberships WHERE organization_id = $1 AND status = 'active'",
          [organizationId],
        ),
      ).toBe(31);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'provisioning one address and one organization id 50 times at once creates each once',
    async () => {
      const h = createTestAuth({ repos });
      const email = `provisioned-${crypto.randomUUID()}@example.com`;
      const users = await race(50, () => h.auth.internal.provisionUser({ email }));
      expect(users.filter((result) => result.ok && result.created)).toHaveLength(1);
      const ids = new Set(users.map((result) => (result.ok ? result.user.id : 'refused')));
      expect(ids.size).toBe(1);
      const [userId = ''] = [...ids];

      const organizationId = `tenant-${crypto.randomUUID()}`;
      const orgs = await race(50, () =>
        h.auth.internal.provisionOrganization({ organizationId, userId, name: 'Provisioned' }),
      );
      expect(orgs.every((result) => result.ok)).toBe(true);
      expect(orgs.filter((result) => result.ok && result.created)).toHaveLength(1);
      expect(
        await count(
          'SELECT count(*)::int AS n FROM $schema.memberships WHERE organization_id = $1',
          [organizationId],
        ),
      ).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );
});
