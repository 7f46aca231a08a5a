export type { MemberAccess, OrganizationFailureReason } from './access.ts';
export { memberAccess } from './access.ts';
export type { OrganizationMethods } from './auth-methods.ts';
export { bindOrganizationMethods } from './auth-methods.ts';
export type {
  CreateOrganizationDeps,
  CreateOrganizationInput,
  CreateOrganizationResult,
} from './create.ts';
export { createOrganization, createOrganizationWithId } from './create.ts';
export type { DeleteOrganizationInput } from './delete.ts';
export { deleteOrganization } from './delete.ts';
export type { MemberInfo, OrganizationInfo } from './info.ts';
export type {
  AcceptInvitationDeps,
  AcceptInvitationFailureReason,
  AcceptInvitationInput,
  AcceptInvitationResult,
  InvitationInfo,
  InviteMemberDeps,
  InviteMemberInput,
  InviteMemberResult,
} from './invitations.ts';
export { acceptInvitation, INVITATION_TTL_SECONDS, inviteMember } from './invitations.ts';
export type {
  ListInvitationsResult,
  RevokeInvitationInput,
  RevokeInvitationResult,
} from './manage-invitations.ts';
export { INVITATION_LIST_LIMIT, listInvitations, revokeInvitation } from './manage-invitations.ts';
export type {
  LeaveOrganizationInput,
  ListMembersResult,
  ListOrganizationsInput,
  MembershipChangeDeps,
  MembershipChangeResult,
  OrganizationMemberInput,
  RemoveMemberInput,
  TransferOwnershipInput,
} from './members.ts';
export {
  leaveOrganization,
  listMembers,
  listOrganizations,
  removeMember,
  transferOwnership,
} from './members.ts';
export type {
  InvitationAcceptance,
  InvitationRecord,
  MemberRole,
  MembershipRecord,
  OrganizationMembership,
  OrganizationRecord,
  OrganizationRepo,
  RoleChange,
  StoredMemberRole,
} from './repo.ts';
export type {
  ChangeMemberRoleFailureReason,
  ChangeMemberRoleInput,
  ChangeMemberRoleResult,
} from './roles.ts';
export { changeMemberRole } from './roles.ts';
export type {
  SwitchOrganizationDeps,
  SwitchOrganizationInput,
  SwitchOrganizationResult,
} from './switch.ts';
export { switchOrganization } from './switch.ts';
