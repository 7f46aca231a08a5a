import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { OrganizationFailureReason } from './access.ts';
import { canManageMembers, memberAccess } from './access.ts';
import type { MemberInfo, OrganizationInfo } from './info.ts';
import { toMemberInfo, toOrganizationInfo } from './info.ts';

/** Whose organizations to list. */
export interface ListOrganizationsInput {
  readonly userId: string;
}

/** The organizations the user is an active member of, with their role in each. */
export async function listOrganizations(
  deps: DepsFor<never, 'organizations'>,
  input: ListOrganizationsInput,
): Promise<readonly OrganizationInfo[]> {
  const rows = await deps.repos.organizations.listByUser(parseIdentifier('userId', input.userId));
  return rows.map(({ organization, membership }) => toOrganizationInfo(organization, membership));
}

/** An organization, as one of its members asks. */
export interface OrganizationMemberInput {
  readonly organizationId: string;
  /** The caller, from the session or token. */
  readonly userId: string;
}

export type ListMembersResult =
  | { readonly ok: true; readonly members: readonly MemberInfo[] }
  | { readonly ok: false; readonly reason: 'not_found' };

/** The organization's active members, for an active member; `not_found` for anyone else. */
export async function listMembers(
  deps: DepsFor<never, 'organizations'>,
  input: OrganizationMemberInput,
): Promise<ListMembersResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const access = await memberAccess(deps, organizationId, parseIdentifier('userId', input.userId));
  if (access === null) return { ok: false, reason: 'not_found' };
  const members = await deps.repos.organizations.listMembers(organizationId);
  return { ok: true, members: members.map((row) => toMemberInfo(access.organization, row)) };
}

export type MembershipChangeDeps = DepsFor<'clock' | 'events', 'organizations'>;

export type MembershipChangeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: OrganizationFailureReason };

/** Leaving, as the member asks. */
export interface LeaveOrganizationInput extends OrganizationMemberInput {
  readonly context?: RequestContext | undefined;
}

/**
 * Ends the caller's own membership. The owner cannot leave (`forbidden`): they transfer
 * ownership first, so an organization is never left without one. Records
 * `organization.member_left`.
 */
export async function leaveOrganization(
  deps: MembershipChangeDeps,
  input: LeaveOrganizationInput,
): Promise<MembershipChangeResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  const now = deps.clock.now();
  if (!(await deps.repos.organizations.removeMember(organizationId, userId, now)))
    return { ok: false, reason: access.role === 'owner' ? 'forbidden' : 'not_found' };
  await deps.events.emit(
    auditEvent({ type: 'organization.member_left', userId, organizationId }, now, input.context),
  );
  return { ok: true };
}

/** A member to remove, and who asks. */
export interface RemoveMemberInput extends OrganizationMemberInput {
  readonly memberId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Removes another member: the owner may remove anyone but themselves, an admin only plain
 * members (`forbidden` otherwise). Records `organization.member_removed` (the remover as
 * `actorId`).
 */
export async function removeMember(
  deps: MembershipChangeDeps,
  input: RemoveMemberInput,
): Promise<MembershipChangeResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const memberId = parseIdentifier('memberId', input.memberId);
  const [access, target] = await Promise.all([
    memberAccess(deps, organizationId, userId),
    memberAccess(deps, organizationId, memberId),
  ]);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (!canManageMembers(access.role)) return { ok: false, reason: 'forbidden' };
  if (target === null) return { ok: false, reason: 'not_found' };
  if (target.role === 'owner' || (target.role === 'admin' && access.role !== 'owner'))
    return { ok: false, reason: 'forbidden' };
  const now = deps.clock.now();
  if (!(await deps.repos.organizations.removeMember(organizationId, memberId, now)))
    return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent({ type: 'organization.member_removed', userId: memberId, organizationId }, now, {
      ...input.context,
      actorId: userId,
    }),
  );
  return { ok: true };
}

/** A transfer of ownership, asked by the current owner. */
export interface TransferOwnershipInput extends OrganizationMemberInput {
  /** An active member who becomes the owner; the caller becomes an admin. */
  readonly newOwnerId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Makes another active member the owner, in one atomic compare-and-set of the owner: of
 * concurrent transfers exactly one succeeds, and the organization always has exactly one
 * owner. Only the owner may transfer (`forbidden`); an unknown or removed new owner is
 * `not_found`. Records `organization.ownership_transferred`.
 */
export async function transferOwnership(
  deps: MembershipChangeDeps,
  input: TransferOwnershipInput,
): Promise<MembershipChangeResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const newOwnerId = parseIdentifier('newOwnerId', input.newOwnerId);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (access.role !== 'owner') return { ok: false, reason: 'forbidden' };
  const now = deps.clock.now();
  const moved = await deps.repos.organizations.transferOwnership(
    organizationId,
    userId,
    newOwnerId,
    now,
  );
  if (!moved) return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent(
      { type: 'organization.ownership_transferred', userId: newOwnerId, organizationId },
      now,
      { ...input.context, actorId: userId },
    ),
  );
  return { ok: true };
}
