import type { RateLimitStore } from '@portcullis/core';
import type { BucketState } from '@portcullis/core/rate-limit';
import { secondsUntilFull, takeFromBucket } from '@portcullis/core/rate-limit';

export interface MemoryRateLimitStoreOptions {
  /** Buckets kept before full ones are swept out. Default 100 000. */
  readonly maxBuckets?: number;
}

/**
 * Token buckets in a Map, for one process. `take` is synchronous from read to write, so
 * it is atomic within the process; several app instances need a shared store (Redis).
 * Buckets that have refilled completely carry no information and are swept when the map
 * reaches `maxBuckets`, so memory stays bounded under a flood of distinct keys.
 */
export function createMemoryRateLimitStore(
  options: MemoryRateLimitStoreOptions = {},
): RateLimitStore {
  const maxBuckets = options.maxBuckets ?? 100_000;
  const buckets = new Map<string, BucketState & { readonly fullAtMs: number }>();

  function sweep(nowMs: number) {
    for (const [key, bucket] of buckets) if (bucket.fullAtMs <= nowMs) buckets.delete(key);
    // Still full of live buckets: drop the oldest (insertion order) rather than grow.
    for (const key of buckets.keys()) {
      if (buckets.size < maxBuckets) break;
      buckets.delete(key);
    }
  }

  return {
    async take(key, policy, cost, now) {
      const nowMs = now.getTime();
      if (!buckets.has(key) && buckets.size >= maxBuckets) sweep(nowMs);
      const { state, decision } = takeFromBucket(buckets.get(key) ?? null, policy, cost, nowMs);
      const fullAtMs = state.updatedAtMs + secondsUntilFull(state.tokens, policy) * 1000;
      buckets.set(key, { ...state, fullAtMs });
      return decision;
    },

    async deleteExpired(now) {
      const before = buckets.size;
      for (const [key, bucket] of buckets)
        if (bucket.fullAtMs <= now.getTime()) buckets.delete(key);
      return before - buckets.size;
    },
  };
}
