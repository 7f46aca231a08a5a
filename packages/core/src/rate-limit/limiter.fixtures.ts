/** Shared fixtures of the limiter's tests: a store that records every take. */
import type { RateLimitPolicy, RateLimitStore } from '../repos.ts';
import type { RateLimiterOptions } from './limiter.ts';
import { createRateLimiter } from './limiter.ts';
import type { RateLimitRule } from './policies.ts';
import type { BucketState } from './token-bucket.ts';
import { takeFromBucket } from './token-bucket.ts';

export const secret = new Uint8Array(32).fill(7);
export const start = new Date(Date.UTC(2030, 0, 1));
export const IP = '203.0.113.9';
export const EMAIL = 'ada@example.com';

export interface Take {
  readonly key: string;
  readonly policy: RateLimitPolicy;
  readonly cost: number;
  readonly now: Date;
}

/** A store over `takeFromBucket` that records every take it is asked for. */
export function recordingStore() {
  const buckets = new Map<string, BucketState>();
  const takes: Take[] = [];
  const store: RateLimitStore = {
    async take(key, policy, cost, now) {
      takes.push({ key, policy, cost, now });
      const { state, decision } = takeFromBucket(
        buckets.get(key) ?? null,
        policy,
        cost,
        now.getTime(),
      );
      buckets.set(key, state);
      return decision;
    },
  };
  return { store, takes };
}

export function limiterWith(options: Partial<RateLimiterOptions> = {}) {
  const recording = recordingStore();
  const limiter = createRateLimiter({
    store: recording.store,
    secret,
    clock: { now: () => start },
    ...options,
  });
  return { limiter, takes: recording.takes };
}

/** `capacity` requests, then one more a minute. */
export const rule = (by: RateLimitRule['by'], capacity: number): RateLimitRule => ({
  by,
  policy: { capacity, refillPerSecond: 1 / 60 },
});

export const subjectOf = (take: Take) => take.key.split(':')[1];
