import type { InvitationRecord, MembershipRecord, OrganizationRepo } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import { copy, type MemoryStore, mayHoldSessions, membershipKey } from './store.ts';

const byCreation = (a: { createdAt: Date }, b: { createdAt: Date }) =>
  a.createdAt.getTime() - b.createdAt.getTime();

/**
 * `OrganizationRepo` over the shared store (so deleting a user removes its memberships in
 * the same step). Every method reads, checks and writes with no `await` in between, which
 * is what makes the atomic ones atomic here (see store.ts).
 */
export function createMemoryOrganizationRepo(store: MemoryStore): OrganizationRepo {
  const active = (organizationId: string, userId: string): MembershipRecord | null => {
    const membership = store.memberships.get(membershipKey(organizationId, userId));
    return membership?.status === 'active' ? membership : null;
  };
  const pending = (now: Date, matches: (row: InvitationRecord) => boolean) =>
    [...store.invitations.values()]
      .filter(
        (row) => matches(row) && row.acceptedAt === null && row.expiresAt.getTime() > now.getTime(),
      )
      .sort((a, b) => byCreation(b, a) || b.id.localeCompare(a.id))
      .map(copy);
  /** Deletes the pending invitations `userId` sent for the organization. */
  const withdrawInvitationsBy = (organizationId: string, userId: string): void => {
    for (const [id, invitation] of store.invitations) {
      const pending =
        invitation.acceptedAt === null && invitation.organizationId === organizationId;
      if (pending && invitation.invitedBy === userId) store.invitations.delete(id);
    }
  };
  return {
    async create(organization, owner) {
      if (store.organizations.has(organization.id))
        throw new StorageError('organization id already in use');
      store.organizations.set(organization.id, copy(organization));
      store.memberships.set(membershipKey(owner.organizationId, owner.userId), copy(owner));
    },

    async findById(organizationId) {
      const organization = store.organizations.get(organizationId);
      return organization === undefined ? null : copy(organization);
    },

    async findMembership(organizationId, userId) {
      const membership = store.memberships.get(membershipKey(organizationId, userId));
      return membership === undefined ? null : copy(membership);
    },

    async listMembers(organizationId) {
      return [...store.memberships.values()]
        .filter((row) => row.organizationId === organizationId && row.status === 'active')
        .sort(byCreation)
        .map(copy);
    },

    async listByUser(userId) {
      return [...store.memberships.values()]
        .filter((row) => row.userId === userId && row.status === 'active')
        .sort(byCreation)
        .flatMap((membership) => {
          const organization = store.organizations.get(membership.organizationId);
          return organization === undefined ? [] : [copy({ organization, membership })];
        });
    },

    async replaceInvitation(invitation) {
      if (!store.organizations.has(invitation.organizationId)) return false;
      for (const [id, row] of store.invitations) {
        if (
          row.organizationId === invitation.organizationId &&
          row.emailKey === invitation.emailKey &&
          row.acceptedAt === null
        )
          store.invitations.delete(id);
      }
      store.invitations.set(invitation.id, copy(invitation));
      return true;
    },

    async listInvitations(organizationId, now, limit) {
      return pending(now, (row) => row.organizationId === organizationId).slice(0, limit);
    },

    async listInvitationsTo(emailKey, now) {
      return pending(now, (row) => row.emailKey === emailKey);
    },

    async revokeInvitation(organizationId, invitationId) {
      const invitation = store.invitations.get(invitationId);
      if (invitation?.organizationId !== organizationId || invitation.acceptedAt !== null)
        return null;
      store.invitations.delete(invitationId);
      return copy(invitation);
    },

    async deleteInvitationsTo(emailKey) {
      let deleted = 0;
      for (const [id, row] of store.invitations) {
        if (row.emailKey !== emailKey) continue;
        store.invitations.delete(id);
        deleted += 1;
      }
      return deleted;
    },

    async eraseInvitationActor(userId, pseudonym) {
      let changed = 0;
      for (const [id, row] of store.invitations) {
        if (row.acceptedAt === null) {
          if (row.invitedBy !== userId) continue;
          store.invitations.delete(id);
        } else {
          if (row.invitedBy !== userId && row.acceptedBy !== userId) continue;
          store.invitations.set(id, {
            ...row,
            invitedBy: row.invitedBy === userId ? pseudonym : row.invitedBy,
            acceptedBy: row.acceptedBy === userId ? pseudonym : row.acceptedBy,
          });
        }
        changed += 1;
      }
      return changed;
    },

    async acceptInvitation({ secretHash, emailKey, userId, now }) {
      const invitation = [...store.invitations.values()].find(
        (row) => row.secretHash === secretHash,
      );
      if (
        invitation === undefined ||
        invitation.acceptedAt !== null ||
        invitation.expiresAt.getTime() <= now.getTime() ||
        invitation.emailKey !== emailKey
      )
        return null;
      const accepted = { ...invitation, acceptedAt: now, acceptedBy: userId };
      store.invitations.set(invitation.id, accepted);
      const key = membershipKey(invitation.organizationId, userId);
      const existing = store.memberships.get(key);
      const membership: MembershipRecord =
        existing?.status === 'active'
          ? existing
          : {
              organizationId: invitation.organizationId,
              userId,
              role: invitation.role,
              status: 'active',
              createdAt: existing?.createdAt ?? now,
              updatedAt: now,
            };
      store.memberships.set(key, membership);
      return copy({ invitation: accepted, membership });
    },

    async removeMember(organizationId, userId, now) {
      const membership = active(organizationId, userId);
      if (membership === null || store.organizations.get(organizationId)?.ownerId === userId)
        return false;
      store.memberships.set(membershipKey(organizationId, userId), {
        ...membership,
        status: 'removed',
        updatedAt: now,
      });
      withdrawInvitationsBy(organizationId, userId);
      return true;
    },

    async transferOwnership(organizationId, fromUserId, toUserId, now) {
      const organization = store.organizations.get(organizationId);
      const from = active(organizationId, fromUserId);
      if (organization?.ownerId !== fromUserId || from === null) return false;
      if (fromUserId === toUserId || active(organizationId, toUserId) === null) return false;
      if (!mayHoldSessions(store, toUserId)) return false;
      store.organizations.set(organizationId, { ...organization, ownerId: toUserId });
      store.memberships.set(membershipKey(organizationId, fromUserId), {
        ...from,
        role: 'admin',
        updatedAt: now,
      });
      return true;
    },

    async changeRole({ organizationId, actorId, actorRole, userId, from, to, now }) {
      const ownerId = store.organizations.get(organizationId)?.ownerId;
      const actor = active(organizationId, actorId);
      const member = active(organizationId, userId);
      if (ownerId === undefined || actor === null || member === null) return null;
      const actorHolds =
        actorRole === 'owner'
          ? ownerId === actorId
          : actor.role === actorRole && ownerId !== actorId;
      if (!actorHolds || ownerId === userId || member.role !== from) return null;
      const changed = { ...member, role: to, updatedAt: now };
      store.memberships.set(membershipKey(organizationId, userId), changed);
      if (from === 'admin' && to === 'member') withdrawInvitationsBy(organizationId, userId);
      return copy(changed);
    },

    async deleteOrganization(organizationId, ownerId) {
      if (store.organizations.get(organizationId)?.ownerId !== ownerId) return false;
      store.organizations.delete(organizationId);
      for (const [key, membership] of store.memberships)
        if (membership.organizationId === organizationId) store.memberships.delete(key);
      for (const [id, invitation] of store.invitations)
        if (invitation.organizationId === organizationId) store.invitations.delete(id);
      for (const [id, key] of store.apiKeys)
        if (key.organizationId === organizationId) store.apiKeys.delete(id);
      return true;
    },
  };
}
