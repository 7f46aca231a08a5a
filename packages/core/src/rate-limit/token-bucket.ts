import { ConfigError, InputError } from '../errors.ts';
import type { RateLimitDecision, RateLimitPolicy } from '../repos.ts';

/** A bucket as a store keeps it. */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

/**
 * What is wrong with a policy, or `null` when a bucket can honour it: a whole capacity of
 * at least one token and a positive, finite refill rate.
 */
export function policyProblem(policy: RateLimitPolicy): string | null {
  if (typeof policy !== 'object' || policy === null) return 'policy must be an object';
  if (!Number.isSafeInteger(policy.capacity) || policy.capacity < 1)
    return 'capacity must be a positive integer';
  if (!Number.isFinite(policy.refillPerSecond) || policy.refillPerSecond <= 0)
    return 'refillPerSecond must be a positive number';
  return null;
}

/**
 * Refuses arguments no bucket can honour, before any arithmetic or storage call. Without
 * it a negative cost would fill a bucket past its capacity, a cost above the capacity
 * could never pass yet would be told when to retry, and a NaN time would leave the bucket
 * NaN (refusing every request) for good. A bad policy is the deployment's mistake
 * (`ConfigError`); a bad cost or time is the caller's (`InputError`).
 */
export function validateTake(policy: RateLimitPolicy, cost: number, nowMs: number): void {
  const problem = policyProblem(policy);
  if (problem !== null) throw new ConfigError(`rate limit policy: ${problem}`);
  if (!Number.isSafeInteger(cost) || cost < 1)
    throw new InputError([{ field: 'cost', problem: 'invalid_format' }]);
  if (cost > policy.capacity) throw new InputError([{ field: 'cost', problem: 'not_allowed' }]);
  if (!Number.isFinite(nowMs)) throw new InputError([{ field: 'now', problem: 'invalid_format' }]);
}

/**
 * The reference token-bucket arithmetic every `RateLimitStore` implements (the memory
 * store calls it; the Redis store runs the same steps in Lua). Pure: the caller supplies
 * the time and keeps the state. Throws like `validateTake` on arguments no bucket can
 * honour.
 */
export function takeFromBucket(
  state: BucketState | null,
  policy: RateLimitPolicy,
  cost: number,
  nowMs: number,
): { readonly state: BucketState; readonly decision: RateLimitDecision } {
  validateTake(policy, cost, nowMs);
  // A clock that moved backwards (another instance's, or an NTP step) refills nothing.
  const elapsedMs = state === null ? 0 : Math.max(0, nowMs - state.updatedAtMs);
  const available =
    state === null
      ? policy.capacity
      : Math.min(policy.capacity, state.tokens + (elapsedMs / 1000) * policy.refillPerSecond);
  const allowed = available >= cost;
  const tokens = allowed ? available - cost : available;
  return {
    state: { tokens, updatedAtMs: Math.max(nowMs, state?.updatedAtMs ?? nowMs) },
    decision: decisionFor(allowed, tokens, policy, cost),
  };
}

/**
 * The decision a take reports once the bucket holds `tokens` after it: whole tokens left,
 * and for a refusal the whole seconds until `cost` tokens will be there. Shared by stores
 * that do the bucket arithmetic elsewhere (the Redis store's Lua) so they report alike.
 */
export function decisionFor(
  allowed: boolean,
  tokens: number,
  policy: RateLimitPolicy,
  cost: number,
): RateLimitDecision {
  return {
    allowed,
    remaining: Math.floor(tokens),
    retryAfterSeconds: allowed ? 0 : secondsUntilEnough(tokens, policy.refillPerSecond, cost),
  };
}

/**
 * The fewest whole seconds after which a bucket holding `tokens` holds `cost`, as
 * `takeFromBucket` will compute the refill then (`tokens + seconds * rate`). The quotient
 * alone can miss by one either way, because division and that multiplication round
 * separately: `ceil((7 - 0.1) / (1/60))` is 414 while `0.1 + 414 * (1/60)` is
 * 6.999999999999999, so a client that waited the advertised time would be refused again;
 * and `ceil((1 - 0.7) / 0.1)` is 4 when 3 seconds already refill enough. Each correction
 * is an ulp's worth, so the bounds are never reached for a rate that moves `tokens` at all.
 */
function secondsUntilEnough(tokens: number, refillPerSecond: number, cost: number): number {
  let seconds = Math.ceil((cost - tokens) / refillPerSecond);
  for (let step = 0; step < 4 && tokens + seconds * refillPerSecond < cost; step++) seconds += 1;
  for (let step = 0; step < 4 && seconds > 1; step++) {
    if (tokens + (seconds - 1) * refillPerSecond < cost) break;
    seconds -= 1;
  }
  return seconds;
}

/** Seconds until a bucket holding `tokens` is full again: how long a store must keep it. */
export function secondsUntilFull(tokens: number, policy: RateLimitPolicy): number {
  return Math.ceil(Math.max(0, policy.capacity - tokens) / policy.refillPerSecond);
}
