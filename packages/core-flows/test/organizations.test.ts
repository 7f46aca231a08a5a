import { InputError } from '@portcullis/core';
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

/** Invites `email` and returns the mailed token. */
async function invite(
  h: Harness,
  organizationId: string,
  userId: string,
  email: string,
  role?: 'admin' | 'member',
) {
  const result = await h.auth.inviteMember({
    organizationId,
    userId,
    email,
    ...(role ? { role } : {}),
  });
  expect(result.ok).toBe(true);
  return h.lastMail('organization_invitation', email).token;
}

async function memberOf(
  h: Harness,
  organizationId: string,
  inviterId: string,
  role?: 'admin' | 'member',
) {
  const user = await verifiedUser(h);
  const token = await invite(h, organizationId, inviterId, user.email, role);
  expect(await h.auth.acceptInvitation({ userId: user.userId, token })).toMatchObject({ ok: true });
  return user;
}

describe('organizations', () => {
  it('the creator is the owner; the organization is listed with the role', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    expect(await h.auth.listOrganizations({ userId: owner.userId })).toEqual([
      expect.objectContaining({
        id: organizationId,
        name: 'Acme',
        ownerId: owner.userId,
        role: 'owner',
      }),
    ]);
    expect(h.eventCount('organization.created')).toBe(1);
    await expect(
      h.auth.createOrganization({ userId: owner.userId, name: 'bad\u0000name' }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('an invitation is mailed once with a token that only its hash is stored of', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const token = await invite(h, organizationId, owner.userId, 'New.Person@Example.com');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mail = h.lastMail('organization_invitation', 'New.Person@Example.com');
    expect(mail).toMatchObject({ organizationId, organizationName: 'Acme' });
    const stored = await h.repos.organizations.listInvitations(organizationId, h.clock.now(), 10);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(h.events)).not.toContain('New.Person');
  });

  it('accepting needs the invited address, verified, on the signed-in account', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const invitee = await verifiedUser(h);
    const stranger = await verifiedUser(h);
    const token = await invite(h, organizationId, owner.userId, invitee.email);
    // Holding the mail proves nothing: another account cannot accept it.
    expect(await h.auth.acceptInvitation({ userId: stranger.userId, token })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.acceptInvitation({ userId: invitee.userId, token })).toEqual({
      ok: true,
      organizationId,
      role: 'member',
    });
    expect(await h.auth.acceptInvitation({ userId: invitee.userId, token })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    for (const bad of ['', 'x', 'a'.repeat(100_000)]) {
      expect((await h.auth.acceptInvitation({ userId: invitee.userId, token: bad })).ok).toBe(
        false,
      );
    }
    await expect(
      h.auth.acceptInvitation({ userId: invitee.userId, token: untyped(42) }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('an unverified account with the invited address must verify first', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    const { owner, organizationId } = await organizationOf(h);
    const email = `late-${crypto.randomUUID()}@example.com`;
    await h.auth.signUp({ email, password: 'correct horse battery staple' });
    const user = await h.repos.users.findByEmailKey(email);
    if (!user) throw new Error('no account');
    const token = await invite(h, organizationId, owner.userId, email);
    expect(await h.auth.acceptInvitation({ userId: user.id, token })).toEqual({
      ok: false,
      reason: 'email_unverified',
    });
  });

  it('an invitation expires after seven days', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const invitee = await verifiedUser(h);
    const token = await invite(h, organizationId, owner.userId, invitee.email);
    h.clock.advance(7 * 24 * 3600);
    expect((await h.auth.acceptInvitation({ userId: invitee.userId, token })).ok).toBe(false);
  });

  it('non-members get not_found; members may not invite or remove (forbidden)', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const member = await memberOf(h, organizationId, owner.userId);
    const outsider = await verifiedUser(h);
    expect(await h.auth.listMembers({ organizationId, userId: outsider.userId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(
      await h.auth.inviteMember({
        organizationId,
        userId: outsider.userId,
        email: 'a@example.com',
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(
      await h.auth.inviteMember({ organizationId, userId: member.userId, email: 'a@example.com' }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    expect(
      await h.auth.removeMember({ organizationId, userId: member.userId, memberId: owner.userId }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    const listed = await h.auth.listMembers({ organizationId, userId: member.userId });
    expect(listed.ok && listed.members.map((row) => row.role).sort()).toEqual(['member', 'owner']);
  });

  it('admins remove members but not admins or the owner; the owner removes admins', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const admin = await memberOf(h, organizationId, owner.userId, 'admin');
    const otherAdmin = await memberOf(h, organizationId, owner.userId, 'admin');
    const member = await memberOf(h, organizationId, admin.userId);
    const remove = (userId: string, memberId: string) =>
      h.auth.removeMember({ organizationId, userId, memberId });
    expect(await remove(admin.userId, otherAdmin.userId)).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(await remove(admin.userId, owner.userId)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await remove(admin.userId, member.userId)).toEqual({ ok: true });
    expect(await remove(owner.userId, otherAdmin.userId)).toEqual({ ok: true });
    expect(await h.auth.listOrganizations({ userId: member.userId })).toEqual([]);
    expect(h.events.find((e) => e.type === 'organization.member_removed')).toMatchObject({
      userId: member.userId,
      actorId: admin.userId,
    });
  });

  it('members leave; the owner cannot until ownership is transferred', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const member = await memberOf(h, organizationId, owner.userId);
    expect(await h.auth.leaveOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(
      await h.auth.transferOwnership({
        organizationId,
        userId: member.userId,
        newOwnerId: owner.userId,
      }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    expect(
      await h.auth.transferOwnership({
        organizationId,
        userId: owner.userId,
        newOwnerId: member.userId,
      }),
    ).toEqual({ ok: true });
    expect(await h.auth.leaveOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: true,
    });
    const [org] = await h.auth.listOrganizations({ userId: member.userId });
    expect(org?.role).toBe('owner');
    expect(await h.auth.leaveOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('transfer to a non-member or a removed member is not_found', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const member = await memberOf(h, organizationId, owner.userId);
    const outsider = await verifiedUser(h);
    await h.auth.removeMember({ organizationId, userId: owner.userId, memberId: member.userId });
    for (const newOwnerId of [outsider.userId, member.userId]) {
      expect(
        await h.auth.transferOwnership({ organizationId, userId: owner.userId, newOwnerId }),
      ).toEqual({ ok: false, reason: 'not_found' });
    }
  });

  it('of 10 concurrent transfers to different members one succeeds', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const members = [];
    for (let i = 0; i < 10; i++) members.push(await memberOf(h, organizationId, owner.userId));
    const results = await Promise.all(
      members.map((m) =>
        h.auth.transferOwnership({ organizationId, userId: owner.userId, newOwnerId: m.userId }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const listed = await h.auth.listMembers({ organizationId, userId: owner.userId });
    expect(listed.ok && listed.members.filter((m) => m.role === 'owner')).toHaveLength(1);
  });
});
