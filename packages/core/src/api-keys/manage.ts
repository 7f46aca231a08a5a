import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { CreateApiKeyDeps, CreatedApiKey } from './create.ts';
import { expiryFrom, mintApiKey } from './create.ts';
import type { ApiKeyInfo } from './info.ts';
import { parseOwner, toApiKeyInfo } from './info.ts';
import type { ApiKeyOwner } from './repo.ts';

export type ListApiKeysDeps = DepsFor<never, 'apiKeys'>;

/** Whose keys to list. */
export interface ListApiKeysInput {
  readonly owner: ApiKeyOwner;
}

/**
 * Every key of the owner, newest first, revoked and expired ones included (so an owner
 * sees what was rotated away). Never another owner's. Throws `InputError` for a bad owner.
 */
export async function listApiKeys(
  deps: ListApiKeysDeps,
  input: ListApiKeysInput,
): Promise<readonly ApiKeyInfo[]> {
  const keys = await deps.repos.apiKeys.listByOwner(parseOwner(input.owner));
  return keys.map(toApiKeyInfo);
}

export type RevokeApiKeyDeps = DepsFor<'clock' | 'events', 'apiKeys'>;

/** A key to revoke, named by its owner and id. */
export interface RevokeApiKeyInput {
  readonly owner: ApiKeyOwner;
  readonly keyId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why a key could not be revoked or rotated. One reason for unknown, another owner's,
 * already revoked and (for rotation) already rotated or expired keys, so an owner cannot
 * probe other owners' key ids.
 */
export type ApiKeyManagementFailureReason = 'not_found';

export type RevokeApiKeyResult =
  | { readonly ok: true; readonly key: ApiKeyInfo }
  | { readonly ok: false; readonly reason: ApiKeyManagementFailureReason };

/**
 * Revokes one key of the owner at once (one atomic repository step): its next use is
 * refused as `revoked`. Records `api_key.revoked`. Throws `InputError` for a bad owner or id.
 */
export async function revokeApiKey(
  deps: RevokeApiKeyDeps,
  input: RevokeApiKeyInput,
): Promise<RevokeApiKeyResult> {
  const owner = parseOwner(input.owner);
  const keyId = parseIdentifier('keyId', input.keyId);
  const now = deps.clock.now();
  const revoked = await deps.repos.apiKeys.revoke(owner, keyId, now);
  if (revoked === null) return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent(
      {
        type: 'api_key.revoked',
        userId: revoked.userId,
        organizationId: revoked.organizationId,
        keyId,
      },
      now,
      input.context,
    ),
  );
  return { ok: true, key: toApiKeyInfo(revoked) };
}

/** The default and the longest overlap of a rotation, in seconds (one day, thirty days). */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 3600;

/** A key to replace. */
export interface RotateApiKeyInput {
  readonly owner: ApiKeyOwner;
  readonly keyId: string;
  /**
   * How long the old key keeps working, in whole seconds (0 to thirty days; default one
   * day), so deployments can switch over without an outage. Never extends its expiry.
   */
  readonly overlapSeconds?: number;
  /** The successor's lifetime; absent: it keeps the old key's expiry. */
  readonly expiresInSeconds?: number;
  readonly context?: RequestContext | undefined;
}

export type RotateApiKeyResult =
  | ({ readonly ok: true; readonly previous: ApiKeyInfo } & CreatedApiKey)
  | { readonly ok: false; readonly reason: ApiKeyManagementFailureReason };

function overlapOf(value: unknown): number {
  if (value === undefined) return DEFAULT_ROTATION_OVERLAP_SECONDS;
  if (typeof value !== 'number')
    throw new InputError([{ field: 'overlapSeconds', problem: 'invalid_type' }]);
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_ROTATION_OVERLAP_SECONDS)
    throw new InputError([{ field: 'overlapSeconds', problem: 'invalid_format' }]);
  return value;
}

/**
 * Replaces a live key with a new one carrying the same name, scopes and restrictions. The
 * old key keeps working for the overlap window, then is refused as `expired`. Of
 * concurrent rotations of one key exactly one succeeds (one atomic repository step), so a
 * key never has two successors. Returns the new key once. Records `api_key.rotated`.
 * Throws `InputError` for a bad owner, id, overlap or lifetime.
 */
export async function rotateApiKey(
  deps: CreateApiKeyDeps,
  input: RotateApiKeyInput,
): Promise<RotateApiKeyResult> {
  const owner = parseOwner(input.owner);
  const keyId = parseIdentifier('keyId', input.keyId);
  const overlap = overlapOf(input.overlapSeconds);
  const now = deps.clock.now();
  const newExpiry = expiryFrom(input.expiresInSeconds, now);
  // The successor copies the old key's settings, so it is read first; the atomic rotate
  // below re-checks that the key is live and the owner's, and writes nothing otherwise.
  const current = (await deps.repos.apiKeys.listByOwner(owner)).find((key) => key.id === keyId);
  if (current === undefined) return { ok: false, reason: 'not_found' };
  const { apiKey, record } = await mintApiKey(deps, {
    userId: current.userId,
    organizationId: current.organizationId,
    name: current.name,
    scopes: current.scopes,
    allowedIps: current.allowedIps,
    allowedOrigins: current.allowedOrigins,
    createdAt: now,
    expiresAt: input.expiresInSeconds === undefined ? current.expiresAt : newExpiry,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    replacedBy: null,
  });
  const previous = await deps.repos.apiKeys.rotate({
    owner,
    id: keyId,
    successor: record,
    now,
    overlapUntil: new Date(now.getTime() + overlap * 1000),
  });
  if (previous === null) return { ok: false, reason: 'not_found' };
  await deps.events.emit(
    auditEvent(
      {
        type: 'api_key.rotated',
        userId: record.userId,
        organizationId: record.organizationId,
        keyId,
        successorId: record.id,
      },
      now,
      input.context,
    ),
  );
  return { ok: true, apiKey, key: toApiKeyInfo(record), previous: toApiKeyInfo(previous) };
}
