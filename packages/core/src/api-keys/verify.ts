import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { constantTimeEqual } from '../primitives/index.ts';
import { requireString } from '../validation.ts';
import type { ApiKeyInfo } from './info.ts';
import { toApiKeyInfo } from './info.ts';
import type { ApiKeyRecord } from './repo.ts';
import type { ApiKeyRestrictionFailure } from './restrictions.ts';
import { checkRestrictions } from './restrictions.ts';
import { apiKeySecretHash, parseApiKey } from './secret.ts';

/** A key's `lastUsedAt` is written at most this often, however busy the key. */
export const LAST_USED_WRITE_INTERVAL_SECONDS = 60;

export type VerifyApiKeyDeps = DepsFor<
  'config' | 'clock' | 'events',
  'apiKeys' | 'users' | 'organizations'
>;

/** A presented key and where the request came from. */
export interface VerifyApiKeyInput {
  /** The key as the client sent it. Any string is within the contract. */
  readonly apiKey: string;
  /** The request's `Origin` header, checked against the key's `allowedOrigins`. */
  readonly origin?: string | null | undefined;
  /** `ip` is checked against the key's `allowedIps` and recorded on refusals. */
  readonly context?: RequestContext | undefined;
}

/**
 * Why a presented key was refused. `invalid`: not a key of ours (unknown, wrong secret,
 * malformed, or its owner is banned or deleted). The others are told only to a presenter
 * who proved the secret, so they reveal nothing to a guesser.
 */
export type ApiKeyFailureReason = 'invalid' | 'expired' | 'revoked' | ApiKeyRestrictionFailure;

/** Why a key was refused, as the audit log records it (the presenter sees less). */
export type ApiKeyAuditReason =
  | Exclude<ApiKeyFailureReason, 'invalid'>
  | 'wrong_secret'
  | 'owner_unavailable';

export type ApiKeyVerification =
  | { readonly ok: true; readonly key: ApiKeyInfo }
  | { readonly ok: false; readonly reason: ApiKeyFailureReason };

/**
 * Whether the key's owner may act: its organization exists (storage deletes an
 * organization's keys with it; this holds for any adapter and any race), or its user is
 * neither banned nor deleted.
 */
async function ownerAvailable(deps: VerifyApiKeyDeps, key: ApiKeyRecord): Promise<boolean> {
  if (key.userId === null) {
    return (
      key.organizationId !== null &&
      (await deps.repos.organizations.findById(key.organizationId)) !== null
    );
  }
  const user = await deps.repos.users.findById(key.userId);
  return user !== null && user.bannedAt === null && user.deletedAt === null;
}

async function refusedReason(
  deps: VerifyApiKeyDeps,
  key: ApiKeyRecord,
  input: VerifyApiKeyInput,
  now: Date,
): Promise<ApiKeyAuditReason | null> {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  const restricted = checkRestrictions(key, { ip: input.context?.ip, origin: input.origin });
  if (restricted !== null) return restricted;
  return (await ownerAvailable(deps, key)) ? null : 'owner_unavailable';
}

/**
 * Checks a presented API key: its shape (before any lookup), its secret (HMAC compared in
 * constant time), revocation, expiry (a rotated key works until the end of its overlap
 * window), its address and origin restrictions, and its owner's status. On success
 * records the use, at most once per {@link LAST_USED_WRITE_INTERVAL_SECONDS}. A refusal of a
 * key whose id exists is recorded as `api_key.refused`. Throws `InputError` only for a
 * non-string key.
 */
export async function verifyApiKey(
  deps: VerifyApiKeyDeps,
  input: VerifyApiKeyInput,
): Promise<ApiKeyVerification> {
  const presented = parseApiKey(requireString('apiKey', input.apiKey));
  if (presented === null) return { ok: false, reason: 'invalid' };
  // Hash before the lookup, so an unknown id costs as much as a wrong secret.
  const hash = await apiKeySecretHash(deps.config.secret, presented.secret);
  const key = await deps.repos.apiKeys.findById(presented.id);
  if (key === null) return { ok: false, reason: 'invalid' };
  const now = deps.clock.now();
  const reason = constantTimeEqual(hash, key.secretHash)
    ? await refusedReason(deps, key, input, now)
    : 'wrong_secret';
  if (reason !== null) {
    await deps.events.emit(
      auditEvent(
        {
          type: 'api_key.refused',
          userId: key.userId,
          organizationId: key.organizationId,
          keyId: key.id,
          reason,
        },
        now,
        input.context,
      ),
    );
    return {
      ok: false,
      reason: reason === 'wrong_secret' || reason === 'owner_unavailable' ? 'invalid' : reason,
    };
  }
  const staleBefore = new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_SECONDS * 1000);
  if (key.lastUsedAt === null || key.lastUsedAt.getTime() <= staleBefore.getTime()) {
    await deps.repos.apiKeys.touch(key.id, now, staleBefore);
  }
  return { ok: true, key: toApiKeyInfo(key) };
}
