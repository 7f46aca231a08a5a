import * as v from 'valibot';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { isScopeToken } from '../tokens/index.ts';
import { noControlCharacters, parseInput } from '../validation.ts';
import type { ApiKeyInfo } from './info.ts';
import { ownerFields, parseOwner, toApiKeyInfo } from './info.ts';
import type { ApiKeyOwner, ApiKeyRecord } from './repo.ts';
import { parseAllowedIps, parseAllowedOrigins } from './restrictions.ts';
import { apiKeySecretHash, newApiKey } from './secret.ts';

export type CreateApiKeyDeps = DepsFor<'config' | 'clock' | 'random' | 'events', 'apiKeys'>;

/** The longest lifetime a key may be given: ten years. */
export const MAX_API_KEY_TTL_SECONDS = 10 * 365 * 24 * 3600;
const MAX_SCOPES = 32;

/** A key to create. The owner comes from your authenticated caller, never a request body. */
export interface CreateApiKeyInput {
  /** Whose key it is: `{ userId }` or `{ organizationId }`. */
  readonly owner: ApiKeyOwner;
  /** A label for the owner's listings (1 to 100 characters). */
  readonly name: string;
  /** RFC 6749 §3.3 scope tokens the key grants (up to 32). Default none. */
  readonly scopes?: readonly string[];
  /** Lifetime in whole seconds (up to ten years); absent: the key never expires. */
  readonly expiresInSeconds?: number;
  /** IPv4/IPv6 addresses or CIDR ranges the key may be used from (up to 32). Default any. */
  readonly allowedIps?: readonly string[];
  /** Origins (`https://app.example.com`) whose pages may use the key. Default any. */
  readonly allowedOrigins?: readonly string[];
  readonly context?: RequestContext | undefined;
}

/** A new key. `apiKey` is shown to the owner now and never again (only its hash is kept). */
export interface CreatedApiKey {
  readonly apiKey: string;
  readonly key: ApiKeyInfo;
}

const nameSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100), noControlCharacters);

/** Validates scopes: a list of at most 32 scope tokens, deduplicated. */
export function parseScopes(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError([{ field: 'scopes', problem: 'invalid_type' }]);
  if (value.length > MAX_SCOPES) throw new InputError([{ field: 'scopes', problem: 'too_long' }]);
  if (!value.every(isScopeToken))
    throw new InputError([{ field: 'scopes', problem: 'invalid_format' }]);
  return [...new Set(value)];
}

/** Validates a lifetime and returns the expiry it gives from `now` (`null`: none). */
export function expiryFrom(value: unknown, now: Date): Date | null {
  if (value === undefined) return null;
  if (typeof value !== 'number')
    throw new InputError([{ field: 'expiresInSeconds', problem: 'invalid_type' }]);
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_API_KEY_TTL_SECONDS)
    throw new InputError([{ field: 'expiresInSeconds', problem: 'invalid_format' }]);
  return new Date(now.getTime() + value * 1000);
}

/** A fresh key record with its presented form. */
export async function mintApiKey(
  deps: Pick<CreateApiKeyDeps, 'config' | 'random'>,
  fields: Omit<ApiKeyRecord, 'id' | 'secretHash'>,
): Promise<{ readonly apiKey: string; readonly record: ApiKeyRecord }> {
  const { id, secret, apiKey } = newApiKey(deps.random);
  const secretHash = await apiKeySecretHash(deps.config.secret, secret);
  return { apiKey, record: { ...fields, id, secretHash } };
}

/**
 * Creates an API key for a user or an organization. Trusts `owner`: call it for a caller
 * you authenticated and authorised (the HTTP route passes the signed-in user). Returns the
 * key once, as `pcl_<id>.<secret>`; storage keeps an HMAC of the secret. Records
 * `api_key.created`. Throws `InputError` for an invalid owner, name, scope, lifetime,
 * range or origin, before anything is written.
 */
export async function createApiKey(
  deps: CreateApiKeyDeps,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  const owner = parseOwner(input.owner);
  const name = parseInput(nameSchema, input.name);
  const scopes = parseScopes(input.scopes);
  const allowedIps = parseAllowedIps(input.allowedIps);
  const allowedOrigins = parseAllowedOrigins(input.allowedOrigins);
  const now = deps.clock.now();
  const expiresAt = expiryFrom(input.expiresInSeconds, now);
  const { apiKey, record } = await mintApiKey(deps, {
    ...ownerFields(owner),
    name,
    scopes,
    allowedIps,
    allowedOrigins,
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    replacedBy: null,
  });
  await deps.repos.apiKeys.create(record);
  await deps.events.emit(
    auditEvent(
      {
        type: 'api_key.created',
        userId: record.userId,
        organizationId: record.organizationId,
        keyId: record.id,
        scopes: [...scopes],
      },
      now,
      input.context,
    ),
  );
  return { apiKey, key: toApiKeyInfo(record) };
}
