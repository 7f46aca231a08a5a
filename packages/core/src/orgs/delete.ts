import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import { memberAccess } from './access.ts';
import type { MembershipChangeResult, OrganizationMemberInput } from './members.ts';

/** An organization to delete, asked by its owner. */
export interface DeleteOrganizationInput extends OrganizationMemberInput {
  readonly context?: RequestContext | undefined;
}

/**
 * Deletes the organization with every membership, invitation and API key of it, in one
 * atomic repository step that re-checks the caller is still the owner (against a
 * concurrent transfer exactly one succeeds). Only the owner may (`forbidden` for admins
 * and members, `not_found` for anyone else). Tokens that carry it (`org`) act in nothing
 * afterwards: every organization call reads the organization and the membership again.
 * Records `organization.deleted`. Throws `InputError` for a bad id.
 */
export async function deleteOrganization(
  deps: DepsFor<'clock' | 'events', 'organizations'>,
  input: DeleteOrganizationInput,
): Promise<MembershipChangeResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  if (access.role !== 'owner') return { ok: false, reason: 'forbidden' };
  if (!(await deps.repos.organizations.deleteOrganization(organizationId, userId)))
    return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent(
      { type: 'organization.deleted', userId, organizationId },
      deps.clock.now(),
      input.context,
    ),
  );
  return { ok: true };
}
