/**
 * API keys as a third credential kind for the app's own routes (`requireAuth` with
 * `apiKeys: true`). A key travels in its own header, never as a bearer token: an
 * `Authorization: Bearer pcl_…` is checked as an access token and refused, so a key
 * leaked into a bearer slot never authenticates, and a JWT never reaches key lookup.
 */
import type { HttpAuth } from './auth-api.ts';
import type { ResolvedHttpOptions } from './options.ts';
import { requestContext } from './options.ts';
import { checkLimit } from './rate-limit.ts';
import { failureResponse, problemResponse, retryAfter } from './responses.ts';
import type { HttpRequest, HttpResponse } from './types.ts';

/** The request header an API key is sent in. */
export const API_KEY_HEADER = 'x-api-key';

/** A request authenticated by an API key: the key's owner, never anything the body says. */
export interface ApiKeyPrincipal {
  readonly via: 'api_key';
  readonly keyId: string;
  /** The owning user, or `null` for an organization's key. */
  readonly userId: string | null;
  /** The owning organization, or `null` for a user's key. */
  readonly organizationId: string | null;
  readonly scopes: readonly string[];
}

/** The outcome of reading an API key from a request; `null` when it carries none. */
export type ApiKeyResolution =
  | { readonly ok: true; readonly principal: ApiKeyPrincipal }
  | { readonly ok: false; readonly response: HttpResponse }
  | null;

/**
 * Where refusals of requests without a client address count: all of them share the bucket
 * of the unspecified address (never a real peer), so a request that reaches the app with
 * no address (a binding or proxy that drops it) is limited too, not skipped.
 */
const NO_ADDRESS = '::';

/**
 * A refused key counts against its address (`api_key_failure`); over the limit the answer
 * is 429 with `Retry-After` instead of the refusal. Only refusals are counted, and a key is
 * verified before the limit is read, so a good key is never held back: a stranger sharing
 * the owner's address (a NAT, an office) cannot lock the owner's scripts out. A limiter
 * failure throws (the authenticator answers 500: fail closed).
 */
async function refused(
  options: ResolvedHttpOptions,
  ip: string | null | undefined,
  response: HttpResponse,
): Promise<ApiKeyResolution> {
  const limiter = options.rateLimiter;
  if (limiter === null) return { ok: false, response };
  const limit = await checkLimit(limiter, 'api_key_failure', { ip: ip ?? NO_ADDRESS });
  if (limit.ok) return { ok: false, response };
  return {
    ok: false,
    response: problemResponse('rate_limited', {
      headers: { 'retry-after': retryAfter(limit.retryAfterSeconds) },
    }),
  };
}

/**
 * Authenticates by the `X-API-Key` header when present. Sent together with an
 * `Authorization` header it is refused: a request names one credential, so no precedence
 * rule can be played against the app. Address and origin restrictions are checked against
 * the client address (after trusted proxies) and the `Origin` header. Every refusal counts
 * against the address (see `refused`).
 */
export async function resolveApiKey(
  auth: Pick<HttpAuth, 'verifyApiKey'>,
  options: ResolvedHttpOptions,
  req: HttpRequest,
): Promise<ApiKeyResolution> {
  const apiKey = req.headers.get(API_KEY_HEADER);
  if (apiKey === null) return null;
  const context = requestContext(req, options);
  if (req.headers.get('authorization') !== null)
    return refused(options, context.ip, problemResponse('invalid_api_key'));
  const result = await auth.verifyApiKey({
    apiKey,
    origin: req.headers.get('origin'),
    context,
  });
  if (!result.ok) return refused(options, context.ip, failureResponse('apiKey', result.reason));
  const { key } = result;
  return {
    ok: true,
    principal: {
      via: 'api_key',
      keyId: key.id,
      userId: key.userId,
      organizationId: key.organizationId,
      scopes: key.scopes,
    },
  };
}
