import type { RateLimitDecision, RateLimitPolicy } from '../repos.ts';

/** A bucket as a store keeps it. */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

/**
 * The reference token-bucket arithmetic every `RateLimitStore` implements (the memory
 * store calls it; the Redis store runs the same steps in Lua). Pure: the caller supplies
 * the time and keeps the state.
 */
export function takeFromBucket(
  state: BucketState | null,
  policy: RateLimitPolicy,
  cost: number,
  nowMs: number,
): { readonly state: BucketState; readonly decision: RateLimitDecision } {
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
    decision: {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterSeconds: allowed ? 0 : Math.ceil((cost - tokens) / policy.refillPerSecond),
    },
  };
}

/** Seconds until a bucket holding `tokens` is full again: how long a store must keep it. */
export function secondsUntilFull(tokens: number, policy: RateLimitPolicy): number {
  return Math.ceil(Math.max(0, policy.capacity - tokens) / policy.refillPerSecond);
}
