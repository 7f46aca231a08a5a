import type { ApiKeyOwner, ApiKeyRecord } from '@portcullis/core';
import { atMinute, randomHash, uniqueTag } from './builders.ts';

/** A 22-character base64url id, the shape core gives keys. */
function keyId(): string {
  return uniqueTag().slice(0, 22);
}

/** A live, unrestricted API key of `owner` with a unique id and hash, created at minute 0. */
export function anApiKey(owner: ApiKeyOwner, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: keyId(),
    userId: owner.userId ?? null,
    organizationId: owner.organizationId ?? null,
    name: `key ${uniqueTag().slice(0, 8)}`,
    secretHash: randomHash(),
    scopes: ['reports:read'],
    allowedIps: [],
    allowedOrigins: [],
    createdAt: atMinute(0),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    replacedBy: null,
    ...overrides,
  };
}

/**
 * An organization owner with a fresh id and no stored organization: for lookups that must
 * find nothing (a key needs its organization stored).
 */
export function anOrganization(): { readonly organizationId: string } {
  return { organizationId: `org_${uniqueTag()}` };
}
