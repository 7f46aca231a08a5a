import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Repositories } from '@portcullis/core';
import {
  changeMemberRole,
  INVITATION_LIST_LIMIT,
  InputError,
  inviteMember,
} from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

type Harness = ReturnType<typeof testAuth>;

async function organizationOf(h: Harness) {
  const owner = await verifiedUser(h);
  const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
  if (!created.ok) throw new Error(created.reason);
  return { owner, organizationId: created.organization.id };
}

async function memberOf(
  h: Harness,
  organizationId: string,
  inviterId: string,
  role: 'admin' | 'member' = 'member',
) {
  const user = await verifiedUser(h);
  await h.auth.inviteMember({ organizationId, userId: inviterId, email: user.email, role });
  const { token } = h.lastMail('organization_invitation', user.email);
  expect(await h.auth.acceptInvitation({ userId: user.userId, token })).toMatchObject({
    ok: true,
    role,
  });
  return user;
}

/** An organization with an owner, an admin and a plain member. */
async function team(h: Harness) {
  const { owner, organizationId } = await organizationOf(h);
  const admin = await memberOf(h, organizationId, owner.userId, 'admin');
  const member = await memberOf(h, organizationId, owner.userId);
  return { owner, admin, member, organizationId };
}

describe('pending invitations', () => {
  it('owners and admins list them without token or hash; members are forbidden, others not_found', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    const outsider = await verifiedUser(h);
    await h.auth.inviteMember({
      organizationId,
      userId: admin.userId,
      email: 'Pending@Example.com',
      role: 'admin',
    });
    const { token } = h.lastMail('organization_invitation', 'Pending@Example.com');

    const listed = await h.auth.listInvitations({ organizationId, userId: owner.userId });
    expect(listed).toEqual({
      ok: true,
      truncated: false,
      invitations: [
        {
          id: expect.any(String),
          organizationId,
          email: 'Pending@Example.com',
          role: 'admin',
          invitedBy: admin.userId,
          createdAt: h.clock.now(),
          expiresAt: expect.any(Date),
        },
      ],
    });
    const stored = await h.repos.organizations.listInvitations(organizationId, h.clock.now(), 10);
    const shown = JSON.stringify(listed);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(stored[0]?.secretHash);
    expect((await h.auth.listInvitations({ organizationId, userId: admin.userId })).ok).toBe(true);
    expect(await h.auth.listInvitations({ organizationId, userId: member.userId })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(await h.auth.listInvitations({ organizationId, userId: outsider.userId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it(`a listing stops at ${INVITATION_LIST_LIMIT}, newest first, and says it did`, async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    for (let i = 0; i <= INVITATION_LIST_LIMIT; i++) {
      await h.auth.inviteMember({
        organizationId,
        userId: owner.userId,
        email: `p${i}@example.com`,
      });
      h.clock.advance(1);
    }
    const listed = await h.auth.listInvitations({ organizationId, userId: owner.userId });
    if (!listed.ok) throw new Error(listed.reason);
    expect(listed.truncated).toBe(true);
    expect(listed.invitations).toHaveLength(INVITATION_LIST_LIMIT);
    expect(listed.invitations[0]?.email).toBe(`p${INVITATION_LIST_LIMIT}@example.com`);
  });

  it('a revoked invitation cannot be accepted; members cannot revoke; other tenants’ ids are not_found', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    const other = await organizationOf(h);
    const invitee = await verifiedUser(h);
    await h.auth.inviteMember({ organizationId, userId: owner.userId, email: invitee.email });
    const { token } = h.lastMail('organization_invitation', invitee.email);
    const listed = await h.auth.listInvitations({ organizationId, userId: owner.userId });
    const invitationId = (listed.ok && listed.invitations[0]?.id) || '';

    expect(
      await h.auth.revokeInvitation({ organizationId, userId: member.userId, invitationId }),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(
      await h.auth.revokeInvitation({
        organizationId: other.organizationId,
        userId: other.owner.userId,
        invitationId,
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(
      await h.auth.revokeInvitation({ organizationId, userId: admin.userId, invitationId }),
    ).toEqual({
      ok: true,
    });
    expect(
      await h.auth.revokeInvitation({ organizationId, userId: admin.userId, invitationId }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await h.auth.acceptInvitation({ userId: invitee.userId, token })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const event = h.events.find((e) => e.type === 'organization.invitation_revoked');
    expect(event).toMatchObject({
      userId: admin.userId,
      organizationId,
      invitationId,
      role: 'member',
    });
    expect(JSON.stringify(h.events)).not.toContain(invitee.email);
    await expect(
      h.auth.revokeInvitation(untyped({ organizationId, userId: owner.userId, invitationId: 42 })),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe('changing roles', () => {
  it('the owner promotes and demotes; the event names both roles and the actor', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: member.userId,
        role: 'admin',
      }),
    ).toEqual({
      ok: true,
      member: { userId: member.userId, role: 'admin', joinedAt: expect.any(Date) },
    });
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: admin.userId,
        role: 'member',
      }),
    ).toMatchObject({ ok: true, member: { role: 'member' } });
    const events = h.events.filter((e) => e.type === 'organization.member_role_changed');
    expect(events).toEqual([
      expect.objectContaining({
        userId: member.userId,
        actorId: owner.userId,
        role: 'admin',
        previousRole: 'member',
      }),
      expect.objectContaining({
        userId: admin.userId,
        actorId: owner.userId,
        role: 'member',
        previousRole: 'admin',
      }),
    ]);
  });

  it('a demoted admin’s pending invitations are withdrawn: their invitee cannot join as admin', async () => {
    const h = testAuth();
    const { owner, admin, organizationId } = await team(h);
    const invitee = await verifiedUser(h);
    await h.auth.inviteMember({
      organizationId,
      userId: admin.userId,
      email: invitee.email,
      role: 'admin',
    });
    const { token } = h.lastMail('organization_invitation', invitee.email);
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: admin.userId,
        role: 'member',
      }),
    ).toMatchObject({ ok: true, member: { role: 'member' } });
    expect(await h.auth.acceptInvitation({ userId: invitee.userId, token })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.listInvitations({ organizationId, userId: owner.userId })).toMatchObject({
      ok: true,
      invitations: [],
    });
  });

  it('an admin may make a member an admin, and nothing else', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    const otherAdmin = await memberOf(h, organizationId, owner.userId, 'admin');
    const change = (memberId: string, role: 'admin' | 'member') =>
      h.auth.changeMemberRole({ organizationId, userId: admin.userId, memberId, role });
    expect(await change(otherAdmin.userId, 'member')).toEqual({ ok: false, reason: 'forbidden' });
    expect(await change(owner.userId, 'member')).toEqual({ ok: false, reason: 'forbidden' });
    expect(await change(owner.userId, 'admin')).toEqual({ ok: false, reason: 'forbidden' });
    expect(await change(admin.userId, 'member')).toEqual({ ok: false, reason: 'forbidden' });
    expect(await change(member.userId, 'admin')).toMatchObject({ ok: true });
    // Now an admin: out of the other admin's reach.
    expect(await change(member.userId, 'member')).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('nobody becomes owner by a role change, members change nothing, non-members see not_found', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    const outsider = await verifiedUser(h);
    for (const role of ['owner', 'superadmin', '', 1])
      await expect(
        h.auth.changeMemberRole(
          untyped({ organizationId, userId: owner.userId, memberId: admin.userId, role }),
        ),
      ).rejects.toBeInstanceOf(InputError);
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: owner.userId,
        role: 'admin',
      }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: member.userId,
        memberId: member.userId,
        role: 'admin',
      }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: outsider.userId,
        memberId: member.userId,
        role: 'admin',
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: outsider.userId,
        role: 'admin',
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    const roles = await h.auth.listMembers({ organizationId, userId: owner.userId });
    expect(roles.ok && roles.members.map((m) => m.role).sort()).toEqual([
      'admin',
      'member',
      'owner',
    ]);
  });

  it('setting the role a member has changes and records nothing', async () => {
    const h = testAuth();
    const { owner, member, organizationId } = await team(h);
    expect(
      await h.auth.changeMemberRole({
        organizationId,
        userId: owner.userId,
        memberId: member.userId,
        role: 'member',
      }),
    ).toMatchObject({ ok: true, member: { role: 'member' } });
    expect(h.eventCount('organization.member_role_changed')).toBe(0);
  });

  it('a standing that changes between the check and the write answers conflict, writing nothing', async () => {
    const repos = createMemoryRepositories();
    const h = testAuth({ repos });
    const { owner, admin, member, organizationId } = await team(h);
    // The owner demotes the admin just after the admin's request was checked.
    const racing: Repositories = {
      ...repos,
      organizations: {
        ...repos.organizations,
        async changeRole(change) {
          await repos.organizations.changeRole({
            organizationId,
            actorId: owner.userId,
            actorRole: 'owner',
            userId: admin.userId,
            from: 'admin',
            to: 'member',
            now: change.now,
          });
          return repos.organizations.changeRole(change);
        },
      },
    };
    const result = await changeMemberRole(
      { ...h.deps, repos: racing },
      { organizationId, userId: admin.userId, memberId: member.userId, role: 'admin' },
    );
    expect(result).toEqual({ ok: false, reason: 'conflict' });
    expect((await repos.organizations.findMembership(organizationId, member.userId))?.role).toBe(
      'member',
    );
    expect(h.eventCount('organization.member_role_changed')).toBe(0);
  });
});

describe('deleting an organization', () => {
  it('only the owner deletes it; then nobody can act in it, its invitations and API keys are dead', async () => {
    const h = testAuth();
    const { owner, admin, member, organizationId } = await team(h);
    const invitee = await verifiedUser(h);
    await h.auth.inviteMember({ organizationId, userId: owner.userId, email: invitee.email });
    const { token } = h.lastMail('organization_invitation', invitee.email);
    const { apiKey } = await h.auth.createApiKey({ owner: { organizationId }, name: 'ci' });
    const switched = await h.auth.switchOrganization({
      userId: member.userId,
      sessionId: 'session-1',
      aal: 'aal1',
      organizationId,
    });
    expect(switched.ok).toBe(true);

    for (const who of [admin, member])
      expect(await h.auth.deleteOrganization({ organizationId, userId: who.userId })).toEqual({
        ok: false,
        reason: 'forbidden',
      });
    expect(await h.auth.deleteOrganization({ organizationId, userId: invitee.userId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await h.auth.deleteOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: true,
    });
    expect(h.events.filter((e) => e.type === 'organization.deleted')).toEqual([
      expect.objectContaining({ userId: owner.userId, organizationId }),
    ]);

    for (const who of [owner, admin, member]) {
      expect(await h.auth.listMembers({ organizationId, userId: who.userId })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await h.auth.listOrganizations({ userId: who.userId })).toEqual([]);
      expect(
        await h.auth.switchOrganization({
          userId: who.userId,
          sessionId: 'session-1',
          aal: 'aal1',
          organizationId,
        }),
      ).toEqual({ ok: false, reason: 'not_found' });
    }
    expect(await h.auth.deleteOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await h.auth.acceptInvitation({ userId: invitee.userId, token })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'invalid' });
    // The members' accounts stay; a new organization under a new id starts empty.
    expect(await h.auth.getUser({ userId: member.userId })).not.toBeNull();
  });

  it('an invitation racing the deletion is not_found, stored nowhere and mailed to nobody', async () => {
    const repos = createMemoryRepositories();
    const h = testAuth({ repos });
    const { owner, organizationId } = await organizationOf(h);
    // The owner deletes the organization just after the invitation was checked.
    const racing: Repositories = {
      ...repos,
      organizations: {
        ...repos.organizations,
        async replaceInvitation(invitation) {
          await repos.organizations.deleteOrganization(organizationId, owner.userId);
          return repos.organizations.replaceInvitation(invitation);
        },
      },
    };
    const result = await inviteMember(
      { ...h.deps, repos: racing },
      { organizationId, userId: owner.userId, email: 'late@example.com' },
    );
    expect(result).toEqual({ ok: false, reason: 'not_found' });
    expect(h.mailbox.filter((mail) => mail.type === 'organization_invitation')).toEqual([]);
    expect(h.eventCount('organization.member_invited')).toBe(0);
  });
});
