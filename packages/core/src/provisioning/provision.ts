/**
 * Trusted server-side provisioning: an account with a verified address, and an
 * organization, each created once however often the same call is repeated (a retried
 * job, two instances running the same import). Nothing here checks a credential: call it
 * from your own trusted code (an admin job, an identity-provider sync), never with values
 * straight from a request.
 */
import { normalizeEmail } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type {
  CreateOrganizationInput,
  CreateOrganizationResult,
  OrganizationInfo,
} from '../orgs/index.ts';
import { createOrganizationWithId } from '../orgs/index.ts';
import type { UserMetadata } from '../repos.ts';
import type { PublicUser } from '../users/index.ts';
import { newUserRecord, parseMetadata, toPublicUser } from '../users/index.ts';
import { parseIdentifier } from '../validation.ts';

export type ProvisionUserDeps = DepsFor<'clock' | 'random' | 'events', 'users'>;

/** The account to provision, keyed by its address. */
export interface ProvisionUserInput {
  /** Asserted verified by the caller (your identity provider, an import). */
  readonly email: string;
  /** Application metadata for a new account; an existing account's is left alone. */
  readonly metadata?: UserMetadata;
  readonly context?: RequestContext | undefined;
}

export type ProvisionUserResult =
  | { readonly ok: true; readonly created: boolean; readonly user: PublicUser }
  /** An account with the address exists but is banned or deleted: it is not revived. */
  | { readonly ok: false; readonly reason: 'unavailable' };

/**
 * Creates an account with a verified address and no password (it signs in by magic link,
 * code, or after "forgot password"), or returns the account the address already has
 * (`created: false`, unchanged), so repeating the call is harmless; of concurrent calls one
 * creates (the insert is atomic on the address). Records `user.provisioned` when it
 * creates. Throws `InputError` for a malformed email or metadata.
 */
export async function provisionUser(
  deps: ProvisionUserDeps,
  input: ProvisionUserInput,
): Promise<ProvisionUserResult> {
  const { email, emailKey } = normalizeEmail(input.email);
  const metadata = parseMetadata(input.metadata ?? {});
  const now = deps.clock.now();
  const created = await deps.repos.users.create(
    newUserRecord(
      deps,
      { email, emailKey, emailVerifiedAt: now, passwordHash: null, metadata },
      now,
    ),
  );
  if (created !== null) {
    await deps.events.emit(
      auditEvent({ type: 'user.provisioned', userId: created.id }, now, input.context),
    );
    return { ok: true, created: true, user: toPublicUser(created) };
  }
  const existing = await deps.repos.users.findByEmailKey(emailKey);
  if (existing === null || existing.bannedAt !== null || existing.deletedAt !== null)
    return { ok: false, reason: 'unavailable' };
  return { ok: true, created: false, user: toPublicUser(existing) };
}

export type ProvisionOrganizationDeps = DepsFor<
  'clock' | 'random' | 'events',
  'organizations' | 'users'
>;

/** The organization to provision, keyed by an id you choose (your tenant id). */
export interface ProvisionOrganizationInput extends CreateOrganizationInput {
  readonly organizationId: string;
}

export type ProvisionOrganizationResult =
  | { readonly ok: true; readonly created: boolean; readonly organization: OrganizationInfo }
  /**
   * `conflict`: the id is taken by an organization with another owner; `not_found`: the
   * owner is unknown, banned or deleted.
   */
  | { readonly ok: false; readonly reason: 'conflict' | 'not_found' };

/**
 * Creates the organization `organizationId` owned by `userId`, or returns it when it
 * already exists with that owner (`created: false`), so repeating the call is harmless; of
 * concurrent calls one creates (the insert is atomic on the id). Throws `InputError` for a
 * bad id or name.
 */
export async function provisionOrganization(
  deps: ProvisionOrganizationDeps,
  input: ProvisionOrganizationInput,
): Promise<ProvisionOrganizationResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  if ((await deps.repos.organizations.findById(organizationId)) !== null)
    return existingOrganization(deps, organizationId, userId);
  let created: CreateOrganizationResult;
  try {
    created = await createOrganizationWithId(deps, input, organizationId);
  } catch (error) {
    // A concurrent call inserted the id first: answer as for an existing organization.
    if ((await deps.repos.organizations.findById(organizationId)) === null) throw error;
    return existingOrganization(deps, organizationId, userId);
  }
  if (!created.ok) return created;
  return { ok: true, created: true, organization: created.organization };
}

async function existingOrganization(
  deps: ProvisionOrganizationDeps,
  organizationId: string,
  userId: string,
): Promise<ProvisionOrganizationResult> {
  const organization = await deps.repos.organizations.findById(organizationId);
  if (organization === null || organization.ownerId !== userId)
    return { ok: false, reason: 'conflict' };
  return {
    ok: true,
    created: false,
    organization: {
      id: organization.id,
      name: organization.name,
      ownerId: organization.ownerId,
      createdAt: organization.createdAt,
      role: 'owner',
    },
  };
}
