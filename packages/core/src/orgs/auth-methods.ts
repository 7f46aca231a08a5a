/** The organization methods of `Auth`, and how `bindAuth` binds them. */
import type { AuthDeps } from '../deps.ts';
import type { CreateOrganizationInput, CreateOrganizationResult } from './create.ts';
import { createOrganization } from './create.ts';
import type { DeleteOrganizationInput } from './delete.ts';
import { deleteOrganization } from './delete.ts';
import type { OrganizationInfo } from './info.ts';
import type {
  AcceptInvitationInput,
  AcceptInvitationResult,
  InviteMemberInput,
  InviteMemberResult,
} from './invitations.ts';
import { acceptInvitation, inviteMember } from './invitations.ts';
import type {
  ListInvitationsResult,
  RevokeInvitationInput,
  RevokeInvitationResult,
} from './manage-invitations.ts';
import { listInvitations, revokeInvitation } from './manage-invitations.ts';
import type {
  LeaveOrganizationInput,
  ListMembersResult,
  ListOrganizationsInput,
  MembershipChangeResult,
  OrganizationMemberInput,
  RemoveMemberInput,
  TransferOwnershipInput,
} from './members.ts';
import {
  leaveOrganization,
  listMembers,
  listOrganizations,
  removeMember,
  transferOwnership,
} from './members.ts';
import type { ChangeMemberRoleInput, ChangeMemberRoleResult } from './roles.ts';
import { changeMemberRole } from './roles.ts';
import type { SwitchOrganizationInput, SwitchOrganizationResult } from './switch.ts';
import { switchOrganization } from './switch.ts';

export interface OrganizationMethods {
  /**
   * Creates an organization owned by `userId` (from your authenticated caller). Returns
   * it, or `not_found` for an unknown, banned or deleted user. Throws `InputError` for a
   * bad id or name.
   */
  createOrganization(input: CreateOrganizationInput): Promise<CreateOrganizationResult>;
  /** The user's organizations and their role in each. Throws `InputError` for a bad id. */
  listOrganizations(input: ListOrganizationsInput): Promise<readonly OrganizationInfo[]>;
  /** An organization's active members, for a member; `not_found` for anyone else. */
  listMembers(input: OrganizationMemberInput): Promise<ListMembersResult>;
  /**
   * Mails a single-use invitation (seven days) to an address. Owners and admins only
   * (`forbidden`); `not_found` for non-members. Throws `InputError` for a bad email or role.
   */
  inviteMember(input: InviteMemberInput): Promise<InviteMemberResult>;
  /**
   * Accepts an invitation for the signed-in user whose verified address it was mailed to.
   * Returns the organization and role, `invalid` or `email_unverified`.
   */
  acceptInvitation(input: AcceptInvitationInput): Promise<AcceptInvitationResult>;
  /** Ends the caller's membership; the owner cannot leave (`forbidden`). */
  leaveOrganization(input: LeaveOrganizationInput): Promise<MembershipChangeResult>;
  /** Removes a member (owner: anyone else; admin: plain members). `forbidden` otherwise. */
  removeMember(input: RemoveMemberInput): Promise<MembershipChangeResult>;
  /**
   * Makes another active member the owner, atomically; the caller (the owner) becomes an
   * admin. `forbidden` for non-owners, `not_found` for an unknown or removed new owner.
   */
  transferOwnership(input: TransferOwnershipInput): Promise<MembershipChangeResult>;
  /**
   * A new access token for the authenticated caller's session carrying the organization
   * and their role (`org`, `org_role`), or `not_found` for a non-member. Throws
   * `InputError` for a bad id.
   */
  switchOrganization(input: SwitchOrganizationInput): Promise<SwitchOrganizationResult>;
  /**
   * The pending invitations (newest first, at most 100; `truncated` when there are more),
   * never their tokens. Owners and admins only (`forbidden`); `not_found` for non-members.
   */
  listInvitations(input: OrganizationMemberInput): Promise<ListInvitationsResult>;
  /**
   * Withdraws a pending invitation; its link stops working. Owners and admins only
   * (`forbidden`); `not_found` for non-members and for an unknown or accepted invitation.
   */
  revokeInvitation(input: RevokeInvitationInput): Promise<RevokeInvitationResult>;
  /**
   * Sets another member's role to `admin` or `member` (owner: anyone else; admin: plain
   * members). `forbidden` otherwise, `conflict` when a concurrent change got there first.
   * Throws `InputError` for any other role: ownership moves only by transfer.
   */
  changeMemberRole(input: ChangeMemberRoleInput): Promise<ChangeMemberRoleResult>;
  /**
   * Deletes the organization with its memberships, invitations and API keys. The owner
   * only (`forbidden`); `not_found` for non-members.
   */
  deleteOrganization(input: DeleteOrganizationInput): Promise<MembershipChangeResult>;
}

/** The {@link OrganizationMethods} bound to `deps`. */
export function bindOrganizationMethods(deps: AuthDeps): OrganizationMethods {
  return {
    createOrganization: (input) => createOrganization(deps, input),
    listOrganizations: (input) => listOrganizations(deps, input),
    listMembers: (input) => listMembers(deps, input),
    inviteMember: (input) => inviteMember(deps, input),
    acceptInvitation: (input) => acceptInvitation(deps, input),
    leaveOrganization: (input) => leaveOrganization(deps, input),
    removeMember: (input) => removeMember(deps, input),
    transferOwnership: (input) => transferOwnership(deps, input),
    switchOrganization: (input) => switchOrganization(deps, input),
    listInvitations: (input) => listInvitations(deps, input),
    revokeInvitation: (input) => revokeInvitation(deps, input),
    changeMemberRole: (input) => changeMemberRole(deps, input),
    deleteOrganization: (input) => deleteOrganization(deps, input),
  };
}
