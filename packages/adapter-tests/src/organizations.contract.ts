/**
 * Organizations are tenants: every method but the invitation lookup by token takes the
 * organization id, and these cases try to read and change one organization's members and
 * invitations through another's id. The atomic methods are raced: one acceptance per
 * invitation, one owner per organization, and a member made owner is never removed.
 */
import type { UserRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, uniqueTag } from './builders.ts';
import { givenUser } from './fixtures.ts';
import { aMembership, anInvitation } from './organization-builders.ts';
import { givenOrganization } from './organization-fixtures.ts';
import type { ReposAccessor } from './subject.ts';

function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** Cases for `OrganizationRepo`. */
export function describeOrganizationContract(repos: ReposAccessor): void {
  describe('OrganizationRepo', () => {
    it('creates an organization with its owner’s membership, and finds both', async () => {
      const { owner, organization } = await givenOrganization(repos());
      expect(await repos().organizations.findById(organization.id)).toEqual(organization);
      expect(await repos().organizations.findMembership(organization.id, owner.id)).toEqual(
        aMembership(organization.id, owner.id, { role: 'admin' }),
      );
      const mine = await repos().organizations.listByUser(owner.id);
      expect(mine.map((row) => row.organization.id)).toEqual([organization.id]);
    });

    it('refuses a second organization with an id in use, writing no membership', async () => {
      const { organization } = await givenOrganization(repos());
      const intruder = await givenUser(repos());
      await expect(
        repos().organizations.create(
          { ...organization, ownerId: intruder.id },
          aMembership(organization.id, intruder.id),
        ),
      ).rejects.toThrow();
      expect(await repos().organizations.findMembership(organization.id, intruder.id)).toBeNull();
    });

    it('never returns another tenant’s members or invitations', async () => {
      const a = await givenOrganization(repos(), 1);
      const b = await givenOrganization(repos(), 1);
      const bMember = b.members[0] as UserRecord;
      await repos().organizations.replaceInvitation(
        anInvitation(b.organization.id, 'x@example.test'),
      );
      expect(await repos().organizations.findMembership(a.organization.id, bMember.id)).toBeNull();
      const aMembers = await repos().organizations.listMembers(a.organization.id);
      expect(aMembers.map((row) => row.userId).sort()).toEqual(
        [a.owner.id, (a.members[0] as UserRecord).id].sort(),
      );
      expect(
        await repos().organizations.listInvitations(a.organization.id, atMinute(0), 100),
      ).toEqual([]);
      expect(await repos().organizations.listByUser(bMember.id)).toHaveLength(1);
    });

    it('never changes another tenant’s members through its own id', async () => {
      const a = await givenOrganization(repos());
      const b = await givenOrganization(repos(), 1);
      const bMember = b.members[0] as UserRecord;
      expect(
        await repos().organizations.removeMember(a.organization.id, bMember.id, atMinute(5)),
      ).toBe(false);
      expect(
        await repos().organizations.transferOwnership(
          a.organization.id,
          a.owner.id,
          bMember.id,
          atMinute(5),
        ),
      ).toBe(false);
      expect(
        (await repos().organizations.findMembership(b.organization.id, bMember.id))?.status,
      ).toBe('active');
      expect((await repos().organizations.findById(a.organization.id))?.ownerId).toBe(a.owner.id);
    });

    it('accepts an invitation only for its address, once, before it expires', async () => {
      const { organization } = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const stranger = await givenUser(repos());
      const invitation = anInvitation(organization.id, invitee.emailKey, { role: 'admin' });
      await repos().organizations.replaceInvitation(invitation);
      const accept = (user: UserRecord, now = atMinute(5)) =>
        repos().organizations.acceptInvitation({
          secretHash: invitation.secretHash,
          emailKey: user.emailKey,
          userId: user.id,
          now,
        });
      expect(await accept(stranger)).toBeNull();
      expect(await accept(invitee, atMinute(60))).toBeNull();
      const accepted = await accept(invitee);
      expect(accepted?.membership).toEqual(
        aMembership(organization.id, invitee.id, {
          role: 'admin',
          createdAt: atMinute(5),
          updatedAt: atMinute(5),
        }),
      );
      expect(accepted?.invitation).toEqual({
        ...invitation,
        acceptedAt: atMinute(5),
        acceptedBy: invitee.id,
      });
      expect(await accept(invitee)).toBeNull();
      expect(await repos().organizations.findMembership(organization.id, stranger.id)).toBeNull();
    });

    it('inviting an address again replaces its live invitation', async () => {
      const { organization } = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const older = anInvitation(organization.id, invitee.emailKey);
      const newer = anInvitation(organization.id, invitee.emailKey, { createdAt: atMinute(1) });
      await repos().organizations.replaceInvitation(older);
      await repos().organizations.replaceInvitation(newer);
      expect(
        await repos().organizations.listInvitations(organization.id, atMinute(2), 100),
      ).toEqual([newer]);
      const viaOlder = await repos().organizations.acceptInvitation({
        secretHash: older.secretHash,
        emailKey: invitee.emailKey,
        userId: invitee.id,
        now: atMinute(2),
      });
      expect(viaOlder).toBeNull();
    });

    it('removing a member withdraws the invitations they sent and nobody else’s', async () => {
      const { organization, members } = await givenOrganization(repos(), 2);
      const [rogue, other] = members as [UserRecord, UserRecord];
      const fromRogue = anInvitation(organization.id, `alt-${crypto.randomUUID()}@example.test`, {
        invitedBy: rogue.id,
        role: 'admin',
      });
      const fromOther = anInvitation(
        organization.id,
        `friend-${crypto.randomUUID()}@example.test`,
        {
          invitedBy: other.id,
        },
      );
      await repos().organizations.replaceInvitation(fromRogue);
      await repos().organizations.replaceInvitation(fromOther);
      expect(await repos().organizations.removeMember(organization.id, rogue.id, atMinute(2))).toBe(
        true,
      );
      expect(
        await repos().organizations.listInvitations(organization.id, atMinute(3), 100),
      ).toEqual([fromOther]);
    });

    it('deleteInvitationsTo removes every invitation to an address, in every organization', async () => {
      const first = await givenOrganization(repos());
      const second = await givenOrganization(repos());
      const erased = `erased-${crypto.randomUUID()}@example.test`;
      const kept = `kept-${crypto.randomUUID()}@example.test`;
      await repos().organizations.replaceInvitation(anInvitation(first.organization.id, erased));
      await repos().organizations.replaceInvitation(anInvitation(second.organization.id, erased));
      const other = anInvitation(first.organization.id, kept);
      await repos().organizations.replaceInvitation(other);

      expect(await repos().organizations.deleteInvitationsTo(erased)).toBe(2);
      expect(
        await repos().organizations.listInvitations(first.organization.id, atMinute(1), 100),
      ).toEqual([other]);
      expect(
        await repos().organizations.listInvitations(second.organization.id, atMinute(1), 100),
      ).toEqual([]);
      expect(await repos().organizations.deleteInvitationsTo(erased)).toBe(0);
    });

    it('eraseInvitationActor withdraws what the user sent and unnames them everywhere else', async () => {
      const { organization, members } = await givenOrganization(repos(), 2);
      const [erased, other] = members as [UserRecord, UserRecord];
      const pseudonym = `erased:${uniqueTag()}`;
      // Sent by the erased user: one pending (withdrawn, like a removed member's), one
      // accepted by `other` (kept, under the pseudonym); the erased user's own accepted
      // invitation (from givenOrganization) names them as acceptor.
      const pending = anInvitation(organization.id, `alt-${uniqueTag()}@example.test`, {
        invitedBy: erased.id,
      });
      const byOther = anInvitation(organization.id, `friend-${uniqueTag()}@example.test`, {
        invitedBy: other.id,
      });
      const accepted = anInvitation(organization.id, `new-${uniqueTag()}@example.test`, {
        invitedBy: erased.id,
      });
      for (const invitation of [pending, byOther, accepted])
        await repos().organizations.replaceInvitation(invitation);
      const joiner = await givenUser(repos(), { email: accepted.emailKey });
      expect(
        await repos().organizations.acceptInvitation({
          secretHash: accepted.secretHash,
          emailKey: accepted.emailKey,
          userId: joiner.id,
          now: atMinute(2),
        }),
      ).not.toBeNull();

      // The pending one withdrawn, the accepted one re-attributed, the joining one unnamed.
      expect(await repos().organizations.eraseInvitationActor(erased.id, pseudonym)).toBe(3);
      expect(
        await repos().organizations.listInvitations(organization.id, atMinute(3), 100),
      ).toEqual([byOther]);
      // Idempotent: nothing of the user is left to find.
      expect(await repos().organizations.eraseInvitationActor(erased.id, pseudonym)).toBe(0);
    });

    it('eraseInvitationActor racing an acceptance of their invitation never leaves it naming them', async () => {
      for (let round = 0; round < 40; round++) {
        const { organization, members } = await givenOrganization(repos(), 1);
        const erased = members[0] as UserRecord;
        const invitation = anInvitation(organization.id, `new-${uniqueTag()}@example.test`, {
          invitedBy: erased.id,
        });
        await repos().organizations.replaceInvitation(invitation);
        const joiner = await givenUser(repos(), { email: invitation.emailKey });
        const pseudonym = `erased:${uniqueTag()}`;
        await Promise.all([
          repos().organizations.acceptInvitation({
            secretHash: invitation.secretHash,
            emailKey: invitation.emailKey,
            userId: joiner.id,
            now: atMinute(2),
          }),
          repos().organizations.eraseInvitationActor(erased.id, pseudonym),
        ]);
        // Withdrawn or unnamed: a repeat finds nothing of the user left to change.
        expect(await repos().organizations.eraseInvitationActor(erased.id, pseudonym)).toBe(0);
      }
    });

    it('an invitation: of 20 concurrent acceptances exactly one succeeds', async () => {
      const { organization } = await givenOrganization(repos());
      const invitee = await givenUser(repos());
      const invitation = anInvitation(organization.id, invitee.emailKey);
      await repos().organizations.replaceInvitation(invitation);
      const results = await race(20, () =>
        repos().organizations.acceptInvitation({
          secretHash: invitation.secretHash,
          emailKey: invitee.emailKey,
          userId: invitee.id,
          now: atMinute(5),
        }),
      );
      expect(results.filter((row) => row !== null)).toHaveLength(1);
    });

    it('a removed member rejoins through a new invitation with its role', async () => {
      const { organization, members } = await givenOrganization(repos(), 1);
      const member = members[0] as UserRecord;
      expect(
        await repos().organizations.removeMember(organization.id, member.id, atMinute(5)),
      ).toBe(true);
      expect(
        await repos().organizations.removeMember(organization.id, member.id, atMinute(6)),
      ).toBe(false);
      expect(await repos().organizations.listMembers(organization.id)).toHaveLength(1);
      const invitation = anInvitation(organization.id, member.emailKey, { role: 'admin' });
      await repos().organizations.replaceInvitation(invitation);
      const back = await repos().organizations.acceptInvitation({
        secretHash: invitation.secretHash,
        emailKey: member.emailKey,
        userId: member.id,
        now: atMinute(7),
      });
      expect(back?.membership).toMatchObject({ status: 'active', role: 'admin' });
    });

    it('the owner cannot be removed; a transfer moves ownership and demotes to admin', async () => {
      const { owner, organization, members } = await givenOrganization(repos(), 1);
      const member = members[0] as UserRecord;
      expect(await repos().organizations.removeMember(organization.id, owner.id, atMinute(5))).toBe(
        false,
      );
      expect(
        await repos().organizations.transferOwnership(
          organization.id,
          member.id,
          owner.id,
          atMinute(5),
        ),
      ).toBe(false);
      expect(
        await repos().organizations.transferOwnership(
          organization.id,
          owner.id,
          owner.id,
          atMinute(5),
        ),
      ).toBe(false);
      expect(
        await repos().organizations.transferOwnership(
          organization.id,
          owner.id,
          member.id,
          atMinute(5),
        ),
      ).toBe(true);
      expect((await repos().organizations.findById(organization.id))?.ownerId).toBe(member.id);
      expect((await repos().organizations.findMembership(organization.id, owner.id))?.role).toBe(
        'admin',
      );
      expect(await repos().organizations.removeMember(organization.id, owner.id, atMinute(6))).toBe(
        true,
      );
    });

    it('of 20 concurrent transfers to 20 members exactly one succeeds: one owner', async () => {
      const { owner, organization, members } = await givenOrganization(repos(), 20);
      const results = await race(20, (index) =>
        repos().organizations.transferOwnership(
          organization.id,
          owner.id,
          (members[index] as UserRecord).id,
          atMinute(30),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = members[results.indexOf(true)] as UserRecord;
      expect((await repos().organizations.findById(organization.id))?.ownerId).toBe(winner.id);
    });

    it('a transfer racing the new owner’s removal never leaves a removed owner', async () => {
      for (let round = 0; round < 40; round++) {
        const { owner, organization, members } = await givenOrganization(repos(), 1);
        const member = members[0] as UserRecord;
        const [moved, removed] = await Promise.all([
          repos().organizations.transferOwnership(
            organization.id,
            owner.id,
            member.id,
            atMinute(30),
          ),
          repos().organizations.removeMember(organization.id, member.id, atMinute(30)),
        ]);
        expect(moved && removed).toBe(false);
        const after = await repos().organizations.findById(organization.id);
        const ownerRow = await repos().organizations.findMembership(
          organization.id,
          after?.ownerId ?? '',
        );
        expect(ownerRow?.status).toBe('active');
      }
    });

    it('deleting a user deletes its memberships', async () => {
      const { organization, members } = await givenOrganization(repos(), 1);
      const member = members[0] as UserRecord;
      expect(await repos().users.delete(member.id)).toBe('deleted');
      expect(await repos().organizations.findMembership(organization.id, member.id)).toBeNull();
      expect(await repos().organizations.listMembers(organization.id)).toHaveLength(1);
    });
  });
}
