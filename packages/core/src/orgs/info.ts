import type { MemberRole, MembershipRecord, OrganizationRecord } from './repo.ts';

/** An organization as one of its members sees it, with that member's role. */
export interface OrganizationInfo {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly createdAt: Date;
  /** The viewing member's role. */
  readonly role: MemberRole;
}

/** A member as the organization's members see them. */
export interface MemberInfo {
  readonly userId: string;
  readonly role: MemberRole;
  readonly joinedAt: Date;
}

/** The effective role: the organization names its owner; everyone else has a stored role. */
export function roleOf(organization: OrganizationRecord, membership: MembershipRecord): MemberRole {
  return organization.ownerId === membership.userId ? 'owner' : membership.role;
}

export function toOrganizationInfo(
  organization: OrganizationRecord,
  membership: MembershipRecord,
): OrganizationInfo {
  return {
    id: organization.id,
    name: organization.name,
    ownerId: organization.ownerId,
    createdAt: organization.createdAt,
    role: roleOf(organization, membership),
  };
}

export function toMemberInfo(
  organization: OrganizationRecord,
  membership: MembershipRecord,
): MemberInfo {
  return {
    userId: membership.userId,
    role: roleOf(organization, membership),
    joinedAt: membership.createdAt,
  };
}
