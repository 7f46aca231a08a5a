import * as v from 'valibot';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomId } from '../primitives/index.ts';
import { noControlCharacters, parseIdentifier, parseInput } from '../validation.ts';
import type { OrganizationInfo } from './info.ts';
import { toOrganizationInfo } from './info.ts';

export type CreateOrganizationDeps = DepsFor<
  'clock' | 'random' | 'events',
  'organizations' | 'users'
>;

/** An organization to create; its owner is the authenticated caller. */
export interface CreateOrganizationInput {
  /** The caller, from the session or token: never a request field. */
  readonly userId: string;
  readonly name: string;
  readonly context?: RequestContext | undefined;
}

export type CreateOrganizationResult =
  | { readonly ok: true; readonly organization: OrganizationInfo }
  /** The user is unknown, banned or deleted. */
  | { readonly ok: false; readonly reason: 'not_found' };

const nameSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100), noControlCharacters);

/**
 * Creates an organization owned by `userId`, with the owner's active membership, in one
 * atomic repository step. Records `organization.created`. Throws `InputError` for a bad
 * id or name.
 */
export function createOrganization(
  deps: CreateOrganizationDeps,
  input: CreateOrganizationInput,
): Promise<CreateOrganizationResult> {
  return createOrganizationWithId(deps, input, randomId(deps.random));
}

/**
 * {@link createOrganization} under an id the caller chose (provisioning). An id already in
 * use throws `StorageError` and writes nothing.
 */
export async function createOrganizationWithId(
  deps: CreateOrganizationDeps,
  input: CreateOrganizationInput,
  organizationId: string,
): Promise<CreateOrganizationResult> {
  const userId = parseIdentifier('userId', input.userId);
  const name = parseInput(nameSchema, input.name);
  const user = await deps.repos.users.findById(userId);
  if (user === null || user.bannedAt !== null || user.deletedAt !== null)
    return { ok: false, reason: 'not_found' };
  const now = deps.clock.now();
  const organization = { id: organizationId, name, ownerId: userId, createdAt: now };
  const membership = {
    organizationId: organization.id,
    userId,
    role: 'admin' as const,
    status: 'active' as const,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.organizations.create(organization, membership);
  await deps.events.emit(
    auditEvent(
      { type: 'organization.created', userId, organizationId: organization.id },
      now,
      input.context,
    ),
  );
  return { ok: true, organization: toOrganizationInfo(organization, membership) };
}
