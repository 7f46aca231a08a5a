import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { OrganizationFailureReason } from './access.ts';
import { canManageMembers, memberAccess } from './access.ts';
import type { InvitationInfo } from './invitations.ts';
import { toInvitationInfo } from './invitations.ts';
import type { OrganizationMemberInput } from './members.ts';

/** The most pending invitations one listing returns (newest first). */
export const INVITATION_LIST_LIMIT = 100;

export type ListInvitationsResult =
  | {
      readonly ok: true;
      readonly invitations: readonly InvitationInfo[];
      /** More pending invitations exist than the {@link INVITATION_LIST_LIMIT} listed. */
      readonly truncated: boolean;
    }
  | { readonly ok: false; readonly reason: OrganizationFailureReason };

/**
 * The organization's pending invitations (unaccepted, unexpired), newest first, at most
 * {@link INVITATION_LIST_LIMIT}: for owners and admins (`forbidden` for members,
 * `not_found` for anyone else). Never a token or its hash. Throws `InputError` for a bad id.
 */
export async function listInvitations(
  deps: DepsFor<'clock', 'organizations'>,
  input: OrganizationMemberInput,
): Promise<ListInvitationsResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const access = await memberAccess(deps, organizationId, parseIdentifier('userId', input.userId));
  if (access === null) return { ok: false, reason: 'not_found' };
  if (!canManageMembers(access.role)) return { ok: false, reason: 'forbidden' };
  const rows = await deps.repos.organizations.listInvitations(
    organizationId,
    deps.clock.now(),
    INVITATION_LIST_LIMIT + 1,
  );
  return {
    ok: true,
    invitations: rows.slice(0, INVITATION_LIST_LIMIT).map(toInvitationInfo),
    truncated: rows.length > INVITATION_LIST_LIMIT,
  };
}

/** A pending invitation to withdraw, and who asks. */
export interface RevokeInvitationInput extends OrganizationMemberInput {
  readonly invitationId: string;
  readonly context?: RequestContext | undefined;
}

export type RevokeInvitationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: OrganizationFailureReason };

/**
 * Withdraws a pending invitation: its link stops working at once. Owners and admins only
 * (`forbidden` for members); `not_found` for non-members and for an invitation that is not
 * this organization's or was accepted already. Of a revocation and an acceptance racing,
 * exactly one succeeds (one atomic repository step each). Records
 * `organization.invitation_revoked`. Throws `InputError` for a bad id.
 */
export async function revokeInvitation(
  deps: DepsFor<'clock' | 'events', 'organizations'>,
  input: RevokeInvitationInput,
): Promise<RevokeInvitationResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const invitationId = parseIdentifier('invitationId', input.invitationId);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (!canManageMembers(access.role)) return { ok: false, reason: 'forbidden' };
  const revoked = await deps.repos.organizations.revokeInvitation(organizationId, invitationId);
  if (revoked === null) return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent(
      {
        type: 'organization.invitation_revoked',
        userId,
        organizationId,
        invitationId,
        role: revoked.role,
      },
      deps.clock.now(),
      input.context,
    ),
  );
  return { ok: true };
}
