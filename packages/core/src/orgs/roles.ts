import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { OrganizationFailureReason } from './access.ts';
import { canManageMembers, memberAccess } from './access.ts';
import type { MemberInfo } from './info.ts';
import { toMemberInfo } from './info.ts';
import type { OrganizationMemberInput } from './members.ts';
import type { StoredMemberRole } from './repo.ts';

/** A member's new role, and who asks. */
export interface ChangeMemberRoleInput extends OrganizationMemberInput {
  readonly memberId: string;
  /** `admin` or `member`: ownership moves only by `transferOwnership`. */
  readonly role: StoredMemberRole;
  readonly context?: RequestContext | undefined;
}

/**
 * Why a role change was refused: an organization failure, or `conflict` when the member's
 * or the caller's standing changed between the check and the write (read again, retry).
 */
export type ChangeMemberRoleFailureReason = OrganizationFailureReason | 'conflict';

export type ChangeMemberRoleResult =
  | { readonly ok: true; readonly member: MemberInfo }
  | { readonly ok: false; readonly reason: ChangeMemberRoleFailureReason };

function parseStoredRole(value: unknown): StoredMemberRole {
  if (value === 'admin' || value === 'member') return value;
  throw new InputError([{ field: 'role', problem: 'not_allowed' }]);
}

/**
 * Changes another member's role between `admin` and `member`. The owner may change anyone
 * else; an admin only plain members (making them admins: nobody grants more than their own
 * role); members nobody. No one changes their own role, and the owner's role is not a
 * role to change (`forbidden`): ownership moves only by transfer. The write is a
 * compare-and-set of both standings as read here, so a concurrent removal, transfer or
 * role change answers `conflict` instead of acting on stale rights. Setting the role a
 * member already has changes nothing and records nothing; otherwise records
 * `organization.member_role_changed`. Throws `InputError` for a bad id or role.
 */
export async function changeMemberRole(
  deps: DepsFor<'clock' | 'events', 'organizations'>,
  input: ChangeMemberRoleInput,
): Promise<ChangeMemberRoleResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const memberId = parseIdentifier('memberId', input.memberId);
  const role = parseStoredRole(input.role);
  const [access, target] = await Promise.all([
    memberAccess(deps, organizationId, userId),
    memberAccess(deps, organizationId, memberId),
  ]);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (!canManageMembers(access.role)) return { ok: false, reason: 'forbidden' };
  if (target === null) return { ok: false, reason: 'not_found' };
  if (memberId === userId || target.role === 'owner') return { ok: false, reason: 'forbidden' };
  if (target.role === 'admin' && access.role !== 'owner') return { ok: false, reason: 'forbidden' };
  const previousRole = target.membership.role;
  if (previousRole === role)
    return { ok: true, member: toMemberInfo(target.organization, target.membership) };
  const now = deps.clock.now();
  const changed = await deps.repos.organizations.changeRole({
    organizationId,
    actorId: userId,
    actorRole: access.role,
    userId: memberId,
    from: previousRole,
    to: role,
    now,
  });
  if (changed === null) return { ok: false, reason: 'conflict' };
  await deps.events.emit(
    auditEvent(
      {
        type: 'organization.member_role_changed',
        userId: memberId,
        organizationId,
        role,
        previousRole,
      },
      now,
      { ...input.context, actorId: userId },
    ),
  );
  return { ok: true, member: toMemberInfo(target.organization, changed) };
}
