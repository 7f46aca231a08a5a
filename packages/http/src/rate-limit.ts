/**
 * Rate limiting at the HTTP boundary. Every route is checked against its entry in
 * `routeRateLimits` before it runs: after authentication (for signed-in routes) and before
 * anything costly (a password hash, a mail), so a flood of requests costs the server a
 * bucket lookup each rather than an argon2 run.
 */
import type {
  RateLimitAction,
  RateLimiter,
  RateLimitRequest,
  RateLimitResult,
} from '@portcullis/core';
import { ConfigError, StorageError } from '@portcullis/core';
import { presentedDeviceToken } from './device-cookie.ts';
import { isUnexpectedError, problemResponse, retryAfter } from './responses.ts';
import type { Caller, RouteContext } from './routes/route.ts';
import type { HttpResponse } from './types.ts';

/** Throws `ConfigError` unless `value` is absent or comes from `createRateLimiter`. */
export function assertRateLimiter(value: unknown): RateLimiter | null {
  if (value === undefined) return null;
  const method = (name: string) =>
    typeof value === 'object' && value !== null && typeof Reflect.get(value, name) === 'function';
  if (!method('check') || !method('issueDeviceToken')) {
    throw new ConfigError(
      'rateLimiter must come from createRateLimiter (it lacks check or issueDeviceToken)',
    );
  }
  return value as RateLimiter;
}

/**
 * What the buckets count by, read from the request as sent: the address, the typed email
 * (never whether an account has it, so answers reveal nothing about accounts), the device
 * cookie and the signed-in caller.
 */
function rateLimitRequest(ctx: RouteContext, caller: Caller | null): RateLimitRequest {
  const { req, options, context } = ctx;
  const body = req.body;
  const email =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? Reflect.get(body, 'email')
      : undefined;
  return {
    // Anything but a string names no address: only the other buckets count it.
    ip: context.ip,
    email: typeof email === 'string' ? email : null,
    deviceToken: presentedDeviceToken(req, options.cookie),
    userId: caller?.principal.userId ?? null,
    sessionId: caller?.principal.sessionId ?? null,
  };
}

/**
 * Any limiter or store failure throws, so it becomes a 500 reported to `onError` and the
 * request does not reach core (fail closed: an attacker who can break the store must not
 * get unlimited guesses).
 */
export async function checkLimit(
  limiter: RateLimiter,
  action: RateLimitAction,
  request: RateLimitRequest,
): Promise<RateLimitResult> {
  try {
    return await limiter.check(action, request);
  } catch (error) {
    // A store refusing the limiter's own arguments is a server fault, not a 400 for the
    // client: keep every limiter failure on the 500 path.
    if (isUnexpectedError(error)) throw error;
    throw new StorageError('the rate limiter failed', { cause: error });
  }
}

/** `null` when the request may go on (or no limiter is configured), else the 429 answer. */
export async function rateLimitResponse(
  ctx: RouteContext,
  actions: readonly RateLimitAction[],
  caller: Caller | null,
): Promise<HttpResponse | null> {
  const limiter = ctx.options.rateLimiter;
  if (limiter === null || actions.length === 0) return null;
  const request = rateLimitRequest(ctx, caller);
  for (const action of actions) {
    const result = await checkLimit(limiter, action, request);
    if (!result.ok)
      return problemResponse('rate_limited', {
        headers: { 'retry-after': retryAfter(result.retryAfterSeconds) },
      });
  }
  return null;
}

/** Whether a mail capped by `action` may be sent for this request (always, without limiter). */
export async function underMailCap(ctx: RouteContext, action: RateLimitAction): Promise<boolean> {
  const limiter = ctx.options.rateLimiter;
  if (limiter === null) return true;
  return (await checkLimit(limiter, action, rateLimitRequest(ctx, null))).ok;
}
