/**
 * Rate limiting at the HTTP boundary. Routes ask before they call core, after the cheap
 * shape checks of the body and before anything costly (a password hash, a mail), so a
 * flood of requests costs the server a bucket lookup each rather than an argon2 run.
 */
import type {
  RateLimitAction,
  RateLimiter,
  RateLimitRequest,
  RateLimitResult,
} from '@portcullis/core';
import { ConfigError, StorageError } from '@portcullis/core';
import { isUnexpectedError, problemResponse, retryAfter } from './responses.ts';
import type { HttpResponse } from './types.ts';

/** Throws `ConfigError` unless `value` is absent or has a `check` method. */
export function assertRateLimiter(value: unknown): RateLimiter | null {
  if (value === undefined) return null;
  const check = typeof value === 'object' && value !== null ? Reflect.get(value, 'check') : null;
  if (typeof check !== 'function') {
    throw new ConfigError('rateLimiter must come from createRateLimiter (it has no check method)');
  }
  return value as RateLimiter;
}

/**
 * `null` when the request may go on (or no limiter is configured), else the 429 answer.
 * The buckets are keyed by the address and email as sent, never by whether an account
 * exists, so the answer reveals nothing about accounts. Any limiter or store failure
 * throws, so it becomes a 500 reported to `onError` and the request does not reach core
 * (fail closed: an attacker who can break the store must not get unlimited guesses).
 */
export async function rateLimitResponse(
  limiter: RateLimiter | null,
  action: RateLimitAction,
  request: RateLimitRequest,
): Promise<HttpResponse | null> {
  if (limiter === null) return null;
  let result: RateLimitResult;
  try {
    result = await limiter.check(action, request);
  } catch (error) {
    // A store refusing the limiter's own arguments is a server fault, not a 400 for the
    // client: keep every limiter failure on the 500 path.
    if (isUnexpectedError(error)) throw error;
    throw new StorageError('the rate limiter failed', { cause: error });
  }
  if (result.ok) return null;
  return problemResponse('rate_limited', {
    headers: { 'retry-after': retryAfter(result.retryAfterSeconds) },
  });
}
