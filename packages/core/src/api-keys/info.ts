import { InputError } from '../errors.ts';
import { parseIdentifier } from '../validation.ts';
import type { ApiKeyOwner, ApiKeyRecord } from './repo.ts';
import { apiKeyPrefix } from './secret.ts';

/** A key as its owner may see it: everything but the secret's hash. */
export interface ApiKeyInfo {
  readonly id: string;
  /** `pcl_<id>`: the visible start of the key, to tell keys apart. */
  readonly prefix: string;
  readonly name: string;
  readonly userId: string | null;
  readonly organizationId: string | null;
  readonly scopes: readonly string[];
  readonly allowedIps: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly rotatedAt: Date | null;
  /** The id of the key that replaced this one, after a rotation. */
  readonly replacedBy: string | null;
}

/** The owner's view of a stored key. */
export function toApiKeyInfo(key: ApiKeyRecord): ApiKeyInfo {
  return {
    id: key.id,
    prefix: apiKeyPrefix(key.id),
    name: key.name,
    userId: key.userId,
    organizationId: key.organizationId,
    scopes: [...key.scopes],
    allowedIps: [...key.allowedIps],
    allowedOrigins: [...key.allowedOrigins],
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    rotatedAt: key.rotatedAt,
    replacedBy: key.replacedBy,
  };
}

/**
 * Validates an owner from the caller: exactly one of `userId` and `organizationId`, a
 * well-formed id. Throws `InputError` otherwise (both, neither, a bad id).
 */
export function parseOwner(owner: unknown): ApiKeyOwner {
  if (typeof owner !== 'object' || owner === null)
    throw new InputError([{ field: 'owner', problem: 'required' }]);
  const userId: unknown = Reflect.get(owner, 'userId');
  const organizationId: unknown = Reflect.get(owner, 'organizationId');
  if ((userId === undefined) === (organizationId === undefined))
    throw new InputError([{ field: 'owner', problem: 'invalid_format' }]);
  return userId !== undefined
    ? { userId: parseIdentifier('owner.userId', userId) }
    : { organizationId: parseIdentifier('owner.organizationId', organizationId) };
}

/** The owner fields of a record. */
export function ownerFields(owner: ApiKeyOwner): {
  readonly userId: string | null;
  readonly organizationId: string | null;
} {
  return { userId: owner.userId ?? null, organizationId: owner.organizationId ?? null };
}
