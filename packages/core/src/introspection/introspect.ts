/**
 * OAuth 2.0 Token Introspection (RFC 7662) for resource servers that cannot verify tokens
 * themselves: access tokens (with their session still live) and API keys.
 */
import { parseApiKey, verifyApiKey } from '../api-keys/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { constantTimeEqual, hex, sha256Hex } from '../primitives/index.ts';
import { authenticate } from '../sessions/index.ts';
import { requireString } from '../validation.ts';

export type IntrospectTokenDeps = DepsFor<
  'config' | 'clock' | 'events',
  'sessions' | 'apiKeys' | 'users' | 'organizations'
>;

/** One introspection request: the caller's client credentials and the token (RFC 7662 §2.1). */
export interface IntrospectTokenInput {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly token: string;
  /** `access_token` or `api_key`; advisory only (§2.1): every kind is tried. */
  readonly tokenTypeHint?: string | undefined;
  readonly context?: RequestContext | undefined;
}

/** RFC 7662 §2.2. Inactive tokens say nothing else (no hint why). */
export type IntrospectionResponse =
  | { readonly active: false }
  | {
      readonly active: true;
      /** `Bearer` for access tokens, `api_key` for API keys. */
      readonly token_type: 'Bearer' | 'api_key';
      readonly sub?: string;
      readonly scope?: string;
      readonly exp?: number;
      readonly iat?: number;
      /** For an API key, its prefix (`pcl_<id>`): the key is the client. */
      readonly client_id?: string;
      readonly iss?: string;
      readonly aud?: string;
      /** The organization: an access token's active one, or the owner of an API key. */
      readonly org?: string;
      readonly org_role?: string;
    };

/** RFC 6749 §5.2: unknown client or wrong secret. */
export type IntrospectionFailureReason = 'invalid_client';

export type IntrospectTokenResult =
  | { readonly ok: true; readonly response: IntrospectionResponse }
  | { readonly ok: false; readonly reason: IntrospectionFailureReason };

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Hex SHA-256 of a secret's bytes, so secrets of any length compare in constant time. */
async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

async function clientAuthenticated(
  deps: IntrospectTokenDeps,
  clientId: string,
  clientSecret: string,
): Promise<boolean> {
  const presented = await sha256Hex(clientSecret);
  const client = deps.config.introspection.clients.find((entry) => entry.id === clientId);
  // An unknown id is compared against a fresh digest too, so both cost the same.
  const expected = client ? await digest(client.secret) : await sha256Hex(`${clientSecret}\u0000`);
  return constantTimeEqual(presented, expected) && client !== undefined;
}

async function introspectApiKey(
  deps: IntrospectTokenDeps,
  token: string,
  context: RequestContext | undefined,
): Promise<IntrospectionResponse> {
  // No request of the key's own client is in view, so a key restricted to addresses or
  // origins is reported inactive: this caller could not enforce the restriction.
  const verified = await verifyApiKey(deps, { apiKey: token, context: { ...context, ip: null } });
  if (!verified.ok) return { active: false };
  const { key } = verified;
  return {
    active: true,
    token_type: 'api_key',
    client_id: key.prefix,
    iat: seconds(key.createdAt),
    ...(key.userId === null ? {} : { sub: key.userId }),
    ...(key.organizationId === null ? {} : { org: key.organizationId }),
    ...(key.scopes.length > 0 ? { scope: key.scopes.join(' ') } : {}),
    ...(key.expiresAt === null ? {} : { exp: seconds(key.expiresAt) }),
  };
}

async function introspectAccessToken(
  deps: IntrospectTokenDeps,
  token: string,
): Promise<IntrospectionResponse> {
  const result = await authenticate(deps, { accessToken: token });
  if (!result.ok) return { active: false };
  const { claims } = result;
  return {
    active: true,
    token_type: 'Bearer',
    sub: claims.userId,
    exp: seconds(claims.expiresAt),
    iat: seconds(claims.issuedAt),
    iss: claims.issuer,
    aud: claims.audience,
    ...(claims.scopes.length > 0 ? { scope: claims.scopes.join(' ') } : {}),
    ...(claims.organization === null
      ? {}
      : { org: claims.organization.id, org_role: claims.organization.role }),
  };
}

/**
 * Introspects an access token or an API key for a resource server authenticated with its
 * client credentials (`introspection.clients`). An access token is active while its
 * signature, claims and session are (like `authenticate`); an API key while it is valid,
 * unrevoked, unexpired and unrestricted. Every other token is `{ active: false }`, with no
 * reason (§2.2). A failed client authentication records `introspection.client_refused`.
 * Throws `InputError` for non-string credentials or token.
 */
export async function introspectToken(
  deps: IntrospectTokenDeps,
  input: IntrospectTokenInput,
): Promise<IntrospectTokenResult> {
  const clientId = requireString('clientId', input.clientId);
  const clientSecret = requireString('clientSecret', input.clientSecret);
  const token = requireString('token', input.token);
  if (!(await clientAuthenticated(deps, clientId, clientSecret))) {
    await deps.events.emit(
      auditEvent(
        { type: 'introspection.client_refused', userId: null, clientId: clientId.slice(0, 128) },
        deps.clock.now(),
        input.context,
      ),
    );
    return { ok: false, reason: 'invalid_client' };
  }
  const response =
    parseApiKey(token) !== null
      ? await introspectApiKey(deps, token, input.context)
      : await introspectAccessToken(deps, token);
  return { ok: true, response };
}
