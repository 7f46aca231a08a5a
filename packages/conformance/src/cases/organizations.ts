import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

/** Organizations on this runtime: invitations bound to a verified address, one owner, tenant claims. */
export function organizationCases({ testing, memory }: ConformanceTarget): Case[] {
  const harness = () => testing.createTestAuth({ repos: memory.createMemoryRepositories() });

  return collect('organizations', (test) => {
    test('an invitation is accepted only by the account with the invited verified address', async () => {
      const h = harness();
      const owner = await testing.verifiedUser(h);
      const invitee = await testing.verifiedUser(h);
      const stranger = await testing.verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      await h.auth.inviteMember({ organizationId, userId: owner.userId, email: invitee.email });
      const { token } = h.lastMail('organization_invitation', invitee.email);
      deepEqual(
        await h.auth.acceptInvitation({ userId: stranger.userId, token }),
        { ok: false, reason: 'invalid' },
        'another account',
      );
      deepEqual(
        await h.auth.acceptInvitation({ userId: invitee.userId, token }),
        { ok: true, organizationId, role: 'member' },
        'the invitee',
      );
      deepEqual(
        await h.auth.acceptInvitation({ userId: invitee.userId, token }),
        { ok: false, reason: 'invalid' },
        'a replay',
      );
    });

    test('a transfer leaves one owner; a switch signs org and org_role into the token', async () => {
      const h = harness();
      const owner = await testing.verifiedUser(h);
      const next = await testing.verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
      if (!created.ok) throw new Error(created.reason);
      const organizationId = created.organization.id;
      await h.auth.inviteMember({ organizationId, userId: owner.userId, email: next.email });
      const { token } = h.lastMail('organization_invitation', next.email);
      await h.auth.acceptInvitation({ userId: next.userId, token });
      const moved = await h.auth.transferOwnership({
        organizationId,
        userId: owner.userId,
        newOwnerId: next.userId,
      });
      equal(moved.ok, true, 'transferred');
      const listed = await h.auth.listMembers({ organizationId, userId: owner.userId });
      const owners = listed.ok ? listed.members.filter((m) => m.role === 'owner') : [];
      deepEqual(
        owners.map((m) => m.userId),
        [next.userId],
        'one owner',
      );

      const switched = await h.auth.switchOrganization({
        userId: owner.userId,
        sessionId: 'session-1',
        aal: 'aal1',
        organizationId,
      });
      if (!switched.ok) throw new Error(switched.reason);
      const verified = await h.auth.verifyAccessToken({ accessToken: switched.token });
      deepEqual(
        verified.ok ? verified.claims.organization : null,
        { id: organizationId, role: 'admin' },
        'tenant claims',
      );
    });
  });
}
