import { normalizeEmail } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { isRandomToken, randomId, randomToken, sha256Hex } from '../primitives/index.ts';
import { parseIdentifier, requireString } from '../validation.ts';
import type { OrganizationFailureReason } from './access.ts';
import { canManageMembers, memberAccess } from './access.ts';
import { roleOf } from './info.ts';
import type { InvitationRecord, MemberRole, StoredMemberRole } from './repo.ts';

/** How long an invitation can be accepted: seven days. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

export type InviteMemberDeps = DepsFor<'clock' | 'random' | 'events' | 'mailer', 'organizations'>;

/** An invitation, asked by an owner or admin. */
export interface InviteMemberInput {
  readonly organizationId: string;
  /** The caller, from the session or token. */
  readonly userId: string;
  readonly email: string;
  /** Default `member`. */
  readonly role?: StoredMemberRole;
  readonly context?: RequestContext | undefined;
}

/** An invitation as owners and admins see it: never its token or the token's hash. */
export interface InvitationInfo {
  readonly id: string;
  readonly organizationId: string;
  readonly email: string;
  readonly role: StoredMemberRole;
  readonly invitedBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** The shown fields of a stored invitation, named one by one (an allowlist). */
export function toInvitationInfo(invitation: InvitationRecord): InvitationInfo {
  return {
    id: invitation.id,
    organizationId: invitation.organizationId,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
  };
}

export type InviteMemberResult =
  | { readonly ok: true; readonly invitation: InvitationInfo }
  | { readonly ok: false; readonly reason: OrganizationFailureReason };

function parseRole(value: unknown): StoredMemberRole {
  if (value === undefined || value === 'member') return 'member';
  if (value === 'admin') return 'admin';
  throw new InputError([{ field: 'role', problem: 'not_allowed' }]);
}

/**
 * Invites an address: mails an `organization_invitation` with a single-use 256-bit token
 * (only its SHA-256 is stored), valid seven days; inviting the address again replaces the
 * previous token. Owners and admins may invite (`forbidden` for members). The invitation
 * proves nothing by itself: only a signed-in user whose verified address is the invited one
 * can accept it. Records `organization.member_invited`. Throws `InputError` for a bad id,
 * email or role.
 */
export async function inviteMember(
  deps: InviteMemberDeps,
  input: InviteMemberInput,
): Promise<InviteMemberResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const { email, emailKey } = normalizeEmail(input.email);
  const role = parseRole(input.role);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (!canManageMembers(access.role)) return { ok: false, reason: 'forbidden' };
  const now = deps.clock.now();
  const token = randomToken(deps.random, 256);
  const invitation = {
    id: randomId(deps.random),
    organizationId,
    email,
    emailKey,
    role,
    secretHash: await invitationHash(token),
    invitedBy: userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000),
    acceptedAt: null,
    acceptedBy: null,
  };
  // Deleted between the check and the write: no invitation, no mail.
  if (!(await deps.repos.organizations.replaceInvitation(invitation)))
    return { ok: false, reason: 'not_found' };
  await deps.mailer.send({
    type: 'organization_invitation',
    to: email,
    organizationId,
    organizationName: access.organization.name,
    token,
    expiresAt: invitation.expiresAt,
  });
  await deps.events.emit(
    auditEvent(
      { type: 'organization.member_invited', userId, organizationId, role },
      now,
      input.context,
    ),
  );
  return { ok: true, invitation: toInvitationInfo(invitation) };
}

/** The stored form of an invitation token (labelled, so it never equals another token's hash). */
function invitationHash(token: string): Promise<string> {
  return sha256Hex(`portcullis/v1/organization-invitation:${token}`);
}

/** An invitation to accept, by the signed-in user it was mailed to. */
export interface AcceptInvitationInput {
  /** The caller, from the session or token: never a request field. */
  readonly userId: string;
  /** The token from the invitation mail. Any string is within the contract. */
  readonly token: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why an invitation was not accepted. `invalid`: unknown, used, superseded, expired, or
 * mailed to another address than the caller's. `email_unverified`: the caller's address is
 * the invited one but not verified yet (verify it, then accept).
 */
export type AcceptInvitationFailureReason = 'invalid' | 'email_unverified';

export type AcceptInvitationResult =
  | { readonly ok: true; readonly organizationId: string; readonly role: MemberRole }
  | { readonly ok: false; readonly reason: AcceptInvitationFailureReason };

export type AcceptInvitationDeps = DepsFor<'clock' | 'events', 'organizations' | 'users'>;

/**
 * Accepts an invitation for the signed-in caller: one atomic repository step consumes the
 * token and makes the caller an active member with the invited role, only if the invited
 * address is the caller's own verified one. Holding the mail is not enough: the link
 * must be opened by the account that proved the address. Records
 * `organization.member_joined`. Throws `InputError` for a bad id or a non-string token.
 */
export async function acceptInvitation(
  deps: AcceptInvitationDeps,
  input: AcceptInvitationInput,
): Promise<AcceptInvitationResult> {
  const userId = parseIdentifier('userId', input.userId);
  const token = requireString('token', input.token);
  if (!isRandomToken(token, 256)) return { ok: false, reason: 'invalid' };
  const user = await deps.repos.users.findById(userId);
  if (user === null || user.bannedAt !== null || user.deletedAt !== null)
    return { ok: false, reason: 'invalid' };
  if (user.emailVerifiedAt === null) return { ok: false, reason: 'email_unverified' };
  const now = deps.clock.now();
  const accepted = await deps.repos.organizations.acceptInvitation({
    secretHash: await invitationHash(token),
    emailKey: user.emailKey,
    userId,
    now,
  });
  if (accepted === null) return { ok: false, reason: 'invalid' };
  const { invitation, membership } = accepted;
  await deps.events.emit(
    auditEvent(
      { type: 'organization.member_joined', userId, organizationId: invitation.organizationId },
      now,
      input.context,
    ),
  );
  const organization = await deps.repos.organizations.findById(invitation.organizationId);
  return {
    ok: true,
    organizationId: invitation.organizationId,
    role: organization === null ? membership.role : roleOf(organization, membership),
  };
}
