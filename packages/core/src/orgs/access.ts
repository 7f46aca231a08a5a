import type { DepsFor } from '../deps.ts';
import { roleOf } from './info.ts';
import type { MemberRole, MembershipRecord, OrganizationRecord } from './repo.ts';

/**
 * Why an organization call was refused. `not_found` for an unknown organization *and* for
 * one the caller is not an active member of, so non-members cannot probe which exist;
 * `forbidden` only for members whose role does not allow the call.
 */
export type OrganizationFailureReason = 'not_found' | 'forbidden';

/** The caller's standing in an organization. */
export interface MemberAccess {
  readonly organization: OrganizationRecord;
  readonly membership: MembershipRecord;
  readonly role: MemberRole;
}

/** The caller's active membership, or `null` when the organization is unknown or not theirs. */
export async function memberAccess(
  deps: DepsFor<never, 'organizations'>,
  organizationId: string,
  userId: string,
): Promise<MemberAccess | null> {
  const [organization, membership] = await Promise.all([
    deps.repos.organizations.findById(organizationId),
    deps.repos.organizations.findMembership(organizationId, userId),
  ]);
  if (organization === null || membership === null || membership.status !== 'active') return null;
  return { organization, membership, role: roleOf(organization, membership) };
}

/** Whether a role may invite members and remove plain members. */
export function canManageMembers(role: MemberRole): boolean {
  return role === 'owner' || role === 'admin';
}
