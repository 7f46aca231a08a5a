import type { StoredMemberRole } from '../orgs/repo.ts';

/**
 * Audit events of organizations. `userId` is the member the event is about (the invited
 * by for `member_invited`); an operator acting on someone else is the event's `actorId`.
 */
type OrganizationEventFields<Type extends string> = {
  readonly type: Type;
  readonly organizationId: string;
};

/** The organization members of `AuthEvent`, without the common base fields. */
export type OrganizationEvent =
  | OrganizationEventFields<'organization.created'>
  /** An invitation was mailed (`userId`: who invited); the address is not recorded. */
  | (OrganizationEventFields<'organization.member_invited'> & { readonly role: StoredMemberRole })
  | OrganizationEventFields<'organization.member_joined'>
  | OrganizationEventFields<'organization.member_left'>
  | OrganizationEventFields<'organization.member_removed'>
  /** `userId` is the new owner; the previous owner is `actorId`. */
  | OrganizationEventFields<'organization.ownership_transferred'>
  /** A pending invitation was withdrawn (`userId`: who revoked it); no address recorded. */
  | (OrganizationEventFields<'organization.invitation_revoked'> & {
      readonly invitationId: string;
      readonly role: StoredMemberRole;
    })
  /** `userId` is the member whose role changed; the owner or admin who changed it is `actorId`. */
  | (OrganizationEventFields<'organization.member_role_changed'> & {
      readonly role: StoredMemberRole;
      readonly previousRole: StoredMemberRole;
    })
  /** `userId` is the owner who deleted it, with its memberships, invitations and API keys. */
  | OrganizationEventFields<'organization.deleted'>;
