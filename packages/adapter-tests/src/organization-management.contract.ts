/**
 * Managing an organization: listing and revoking invitations, changing roles, deleting it.
 * Each change is a compare-and-set or a single-use step, raced here against what could
 * undo it: a revocation against the acceptance, a role change against removals and
 * transfers, a deletion against transfers and acceptances. The races also hunt deadlocks
 * (the lock order is the organization row first, then memberships and invitations).
 */
import type { Repositories, RoleChange, UserRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { anApiKey } from './api-key-builders.ts';
import { atMinute } from './builders.ts';
import { givenUser } from './fixtures.ts';
import { anInvitation } from './organization-builders.ts';
import { givenMember, givenOrganization } from './organization-fixtures.ts';
import type { ReposAccessor } from './subject.ts';

const ROUNDS = 20;

function accept(repos: Repositories, secretHash: string, user: UserRecord) {
  return repos.organizations.acceptInvitation({
    secretHash,
    emailKey: user.emailKey,
    userId: user.id,
    now: atMinute(5),
  });
}

function change(
  overrides: Partial<RoleChange> & Pick<RoleChange, 'organizationId' | 'actorId' | 'userId'>,
): RoleChange {
  return { actorRole: 'owner', from: 'member', to: 'admin', now: atMinute(5), ...overrides };
}

/** Cases for listing and revoking invitations, role changes and deletion. */
export function describeOrganizationManagementContract(repos: ReposAccessor): void {
  describe('OrganizationRepo management', () => {
    it('lists pending invitations newest first, up to the limit; accepted and expired ones never', async () => {
      const { organization } = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const accepted = anInvitation(organization.id, invitee.emailKey, { createdAt: atMinute(4) });
      const expired = anInvitation(organization.id, 'gone@example.test', {
        expiresAt: atMinute(3),
      });
      const older = anInvitation(organization.id, 'older@example.test', { createdAt: atMinute(1) });
      const newer = anInvitation(organization.id, 'newer@example.test', { createdAt: atMinute(2) });
      for (const invitation of [accepted, expired, older, newer])
        await repos().organizations.replaceInvitation(invitation);
      expect(await accept(repos(), accepted.secretHash, invitee)).not.toBeNull();

      const listed = await repos().organizations.listInvitations(organization.id, atMinute(5), 10);
      expect(listed).toEqual([newer, older]);
      expect(await repos().organizations.listInvitations(organization.id, atMinute(5), 1)).toEqual([
        newer,
      ]);
    });

    it('lists the pending invitations to one address across organizations', async () => {
      const first = await givenOrganization(repos());
      const second = await givenOrganization(repos());
      const address = `person-${crypto.randomUUID()}@example.test`;
      const one = anInvitation(first.organization.id, address, { createdAt: atMinute(1) });
      const two = anInvitation(second.organization.id, address, { createdAt: atMinute(2) });
      const stale = anInvitation(first.organization.id, `x-${address}`);
      for (const invitation of [one, two, stale])
        await repos().organizations.replaceInvitation(invitation);
      expect(await repos().organizations.listInvitationsTo(address, atMinute(3))).toEqual([
        two,
        one,
      ]);
      expect(await repos().organizations.listInvitationsTo(address, atMinute(60))).toEqual([]);
    });

    it('revokes a pending invitation of its own organization once; it can no longer be accepted', async () => {
      const { organization } = await givenOrganization(repos());
      const other = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const invitation = anInvitation(organization.id, invitee.emailKey);
      await repos().organizations.replaceInvitation(invitation);

      expect(
        await repos().organizations.revokeInvitation(other.organization.id, invitation.id),
      ).toBeNull();
      expect(await repos().organizations.revokeInvitation(organization.id, invitation.id)).toEqual(
        invitation,
      );
      expect(
        await repos().organizations.revokeInvitation(organization.id, invitation.id),
      ).toBeNull();
      expect(await accept(repos(), invitation.secretHash, invitee)).toBeNull();
      expect(await repos().organizations.findMembership(organization.id, invitee.id)).toBeNull();
    });

    it('an accepted invitation cannot be revoked', async () => {
      const { organization } = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const invitation = anInvitation(organization.id, invitee.emailKey);
      await repos().organizations.replaceInvitation(invitation);
      expect(await accept(repos(), invitation.secretHash, invitee)).not.toBeNull();
      expect(
        await repos().organizations.revokeInvitation(organization.id, invitation.id),
      ).toBeNull();
    });

    it(`revocation racing acceptance (${ROUNDS} rounds): exactly one wins, and the state says which`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { organization } = await givenOrganization(repos());
        const invitee = await givenUser(repos());
        const invitation = anInvitation(organization.id, invitee.emailKey);
        await repos().organizations.replaceInvitation(invitation);
        const [revoked, accepted] = await Promise.all([
          repos().organizations.revokeInvitation(organization.id, invitation.id),
          accept(repos(), invitation.secretHash, invitee),
        ]);
        expect((revoked === null) !== (accepted === null)).toBe(true);
        const membership = await repos().organizations.findMembership(organization.id, invitee.id);
        expect(membership?.status ?? null).toBe(accepted === null ? null : 'active');
        expect(
          await repos().organizations.revokeInvitation(organization.id, invitation.id),
        ).toBeNull();
      }
    });

    it('changes a role only while both standings are as read, never the owner’s, never in another tenant', async () => {
      const { owner, organization } = await givenOrganization(repos());
      const other = await givenOrganization(repos());
      const admin = await givenMember(repos(), organization.id, 'admin');
      const member = await givenMember(repos(), organization.id);
      const organizationId = organization.id;
      const cases: RoleChange[] = [
        change({ organizationId, actorId: owner.id, userId: member.id, from: 'admin' }),
        change({ organizationId, actorId: admin.id, actorRole: 'owner', userId: member.id }),
        change({
          organizationId,
          actorId: member.id,
          actorRole: 'admin',
          userId: admin.id,
          from: 'admin',
          to: 'member',
        }),
        change({
          organizationId,
          actorId: admin.id,
          actorRole: 'admin',
          userId: owner.id,
          from: 'admin',
          to: 'member',
        }),
        change({
          organizationId: other.organization.id,
          actorId: other.owner.id,
          userId: member.id,
        }),
        change({ organizationId: other.organization.id, actorId: owner.id, userId: member.id }),
      ];
      for (const refused of cases)
        expect(await repos().organizations.changeRole(refused), JSON.stringify(refused)).toBeNull();
      expect((await repos().organizations.findMembership(organizationId, member.id))?.role).toBe(
        'member',
      );

      const promoted = await repos().organizations.changeRole(
        change({ organizationId, actorId: admin.id, actorRole: 'admin', userId: member.id }),
      );
      expect(promoted).toMatchObject({
        userId: member.id,
        role: 'admin',
        status: 'active',
        updatedAt: atMinute(5),
      });
      const demoted = await repos().organizations.changeRole(
        change({
          organizationId,
          actorId: owner.id,
          userId: admin.id,
          from: 'admin',
          to: 'member',
        }),
      );
      expect(demoted?.role).toBe('member');
      // The demoted admin no longer holds `admin`: their next change fails.
      expect(
        await repos().organizations.changeRole(
          change({
            organizationId,
            actorId: admin.id,
            actorRole: 'admin',
            userId: member.id,
            from: 'admin',
            to: 'member',
          }),
        ),
      ).toBeNull();
    });

    it('demoting an admin withdraws the invitations they sent, in that organization only', async () => {
      const { owner, organization } = await givenOrganization(repos());
      const elsewhere = await givenOrganization(repos());
      const admin = await givenMember(repos(), organization.id, 'admin');
      const sent = anInvitation(organization.id, `alt-${crypto.randomUUID()}@example.test`, {
        invitedBy: admin.id,
        role: 'admin',
      });
      const byOwner = anInvitation(organization.id, `friend-${crypto.randomUUID()}@example.test`, {
        invitedBy: owner.id,
      });
      const otherTenant = anInvitation(
        elsewhere.organization.id,
        `other-${crypto.randomUUID()}@example.test`,
        { invitedBy: admin.id },
      );
      for (const invitation of [sent, byOwner, otherTenant])
        await repos().organizations.replaceInvitation(invitation);
      const organizationId = organization.id;
      const demoted = await repos().organizations.changeRole(
        change({
          organizationId,
          actorId: owner.id,
          userId: admin.id,
          from: 'admin',
          to: 'member',
        }),
      );
      expect(demoted?.role).toBe('member');
      expect(await repos().organizations.listInvitations(organizationId, atMinute(6), 100)).toEqual(
        [byOwner],
      );
      expect(
        await repos().organizations.listInvitations(elsewhere.organization.id, atMinute(6), 100),
      ).toEqual([otherTenant]);
      const invitee = await givenUser(repos(), { email: sent.emailKey });
      expect(await accept(repos(), sent.secretHash, invitee)).toBeNull();
    });

    it('a refused role change withdraws no invitation', async () => {
      const { organization } = await givenOrganization(repos());
      const admin = await givenMember(repos(), organization.id, 'admin');
      const member = await givenMember(repos(), organization.id);
      const sent = anInvitation(organization.id, `alt-${crypto.randomUUID()}@example.test`, {
        invitedBy: admin.id,
      });
      await repos().organizations.replaceInvitation(sent);
      // A plain member may not demote the admin: nothing changes, the invitation stays.
      const refused = await repos().organizations.changeRole(
        change({
          organizationId: organization.id,
          actorId: member.id,
          actorRole: 'admin',
          userId: admin.id,
          from: 'admin',
          to: 'member',
        }),
      );
      expect(refused).toBeNull();
      expect(
        await repos().organizations.listInvitations(organization.id, atMinute(6), 100),
      ).toEqual([sent]);
    });

    it('a removed member’s role cannot change, nor can a removed actor change one', async () => {
      const { owner, organization } = await givenOrganization(repos());
      const admin = await givenMember(repos(), organization.id, 'admin');
      const member = await givenMember(repos(), organization.id);
      const gone = await givenMember(repos(), organization.id);
      expect(await repos().organizations.removeMember(organization.id, gone.id, atMinute(2))).toBe(
        true,
      );
      expect(await repos().organizations.removeMember(organization.id, admin.id, atMinute(2))).toBe(
        true,
      );
      const organizationId = organization.id;
      expect(
        await repos().organizations.changeRole(
          change({ organizationId, actorId: owner.id, userId: gone.id }),
        ),
      ).toBeNull();
      expect(
        await repos().organizations.changeRole(
          change({ organizationId, actorId: admin.id, actorRole: 'admin', userId: member.id }),
        ),
      ).toBeNull();
    });

    it(`of ${ROUNDS} concurrent identical promotions exactly one applies`, async () => {
      const { owner, organization } = await givenOrganization(repos());
      const member = await givenMember(repos(), organization.id);
      const results = await Promise.all(
        Array.from({ length: ROUNDS }, () =>
          repos().organizations.changeRole(
            change({ organizationId: organization.id, actorId: owner.id, userId: member.id }),
          ),
        ),
      );
      expect(results.filter((row) => row !== null)).toHaveLength(1);
    });

    it(`a role change racing a removal and a transfer (${ROUNDS} rounds) leaves one active owner, no deadlock`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { owner, organization } = await givenOrganization(repos());
        const member = await givenMember(repos(), organization.id);
        const heir = await givenMember(repos(), organization.id);
        const organizationId = organization.id;
        const [changed, removed] = await Promise.all([
          repos().organizations.changeRole(
            change({ organizationId, actorId: owner.id, userId: member.id }),
          ),
          repos().organizations.removeMember(organizationId, member.id, atMinute(5)),
          repos().organizations.transferOwnership(organizationId, owner.id, heir.id, atMinute(5)),
          repos().organizations.changeRole(
            change({ organizationId, actorId: owner.id, userId: heir.id }),
          ),
        ]);
        expect(removed).toBe(true);
        const row = await repos().organizations.findMembership(organizationId, member.id);
        expect(row?.status).toBe('removed');
        expect(row?.role).toBe(changed === null ? 'member' : 'admin');
        const after = await repos().organizations.findById(organizationId);
        const ownerRow = await repos().organizations.findMembership(
          organizationId,
          after?.ownerId ?? '',
        );
        expect(ownerRow?.status).toBe('active');
      }
    });

    it('deletes an organization only for its owner, with its memberships, invitations and API keys', async () => {
      const { owner, organization, members } = await givenOrganization(repos(), 1);
      const kept = await givenOrganization(repos(), 1);
      const member = members[0] as UserRecord;
      const keptMember = kept.members[0] as UserRecord;
      await repos().organizations.replaceInvitation(
        anInvitation(organization.id, 'pending@example.test'),
      );
      const keptInvitation = anInvitation(kept.organization.id, 'pending@example.test');
      await repos().organizations.replaceInvitation(keptInvitation);
      const key = anApiKey({ organizationId: organization.id });
      const keptKey = anApiKey({ organizationId: kept.organization.id });
      await repos().apiKeys.create(key);
      await repos().apiKeys.create(keptKey);

      expect(await repos().organizations.deleteOrganization(organization.id, member.id)).toBe(
        false,
      );
      expect(await repos().organizations.deleteOrganization(organization.id, kept.owner.id)).toBe(
        false,
      );
      expect(await repos().organizations.deleteOrganization(organization.id, owner.id)).toBe(true);
      expect(await repos().organizations.deleteOrganization(organization.id, owner.id)).toBe(false);

      expect(await repos().organizations.findById(organization.id)).toBeNull();
      expect(await repos().organizations.findMembership(organization.id, member.id)).toBeNull();
      expect(await repos().organizations.listMembers(organization.id)).toEqual([]);
      expect(await repos().organizations.listInvitations(organization.id, atMinute(1), 10)).toEqual(
        [],
      );
      expect(await repos().organizations.listByUser(owner.id)).toEqual([]);
      expect(await repos().apiKeys.findById(key.id)).toBeNull();
      // The other tenant keeps everything.
      expect(await repos().apiKeys.findById(keptKey.id)).toEqual(keptKey);
      expect(
        await repos().organizations.listInvitations(kept.organization.id, atMinute(1), 10),
      ).toEqual([keptInvitation]);
      expect(
        (await repos().organizations.findMembership(kept.organization.id, keptMember.id))?.status,
      ).toBe('active');
      expect(await repos().users.findById(member.id)).not.toBeNull();
    });

    it(`deletion racing a transfer (${ROUNDS} rounds): exactly one succeeds`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { owner, organization, members } = await givenOrganization(repos(), 1);
        const heir = members[0] as UserRecord;
        const [deleted, moved] = await Promise.all([
          repos().organizations.deleteOrganization(organization.id, owner.id),
          repos().organizations.transferOwnership(organization.id, owner.id, heir.id, atMinute(5)),
        ]);
        expect(deleted !== moved).toBe(true);
        const after = await repos().organizations.findById(organization.id);
        expect(after === null ? null : after.ownerId).toBe(deleted ? null : heir.id);
      }
    });

    it(`deletion racing new invitations (${ROUNDS} rounds): none is stored for a deleted organization`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { owner, organization } = await givenOrganization(repos());
        const invitation = anInvitation(
          organization.id,
          `late-${crypto.randomUUID()}@example.test`,
        );
        const [deleted, stored] = await Promise.all([
          repos().organizations.deleteOrganization(organization.id, owner.id),
          repos().organizations.replaceInvitation(invitation),
        ]);
        expect(deleted).toBe(true);
        expect(typeof stored).toBe('boolean');
        expect(
          await repos().organizations.listInvitations(organization.id, atMinute(1), 10),
        ).toEqual([]);
        expect(
          await repos().organizations.revokeInvitation(organization.id, invitation.id),
        ).toBeNull();
      }
      const gone = anInvitation('org_never_existed', 'nobody@example.test');
      expect(await repos().organizations.replaceInvitation(gone)).toBe(false);
    });

    it(`deletion racing an acceptance (${ROUNDS} rounds): no membership outlives the organization`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { owner, organization } = await givenOrganization(repos());
        const invitee = await givenUser(repos());
        const invitation = anInvitation(organization.id, invitee.emailKey);
        await repos().organizations.replaceInvitation(invitation);
        const [deleted] = await Promise.all([
          repos().organizations.deleteOrganization(organization.id, owner.id),
          accept(repos(), invitation.secretHash, invitee),
          repos().organizations.removeMember(organization.id, owner.id, atMinute(5)),
        ]);
        expect(deleted).toBe(true);
        expect(await repos().organizations.findMembership(organization.id, invitee.id)).toBeNull();
        expect(await repos().organizations.listByUser(invitee.id)).toEqual([]);
      }
    });
  });
}
