import { aBucketKey, atSecond } from '@portcullis/adapter-tests';
import type { BucketState } from '@portcullis/core/rate-limit';
import { takeFromBucket } from '@portcullis/core/rate-limit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index.ts';
import { useRedis } from './redis.ts';

const redis = useRedis();

/**
 * Stronger than equal decisions (the contract's property): after every take the hash in
 * Redis holds, bit for bit, the state `takeFromBucket` computes. Decisions floor and ceil,
 * so a last-digit drift in the Lua arithmetic or in how numbers are written could hide
 * for many takes; the stored doubles show it at once.
 */
describe('Redis rate-limit store: stored state', () => {
  it('holds exactly the reference state after random takes', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const policies = fc.record({
      capacity: fc.integer({ min: 2, max: 1_000 }),
      refillPerSecond: fc.double({ min: 1e-6, max: 1 / 60, noNaN: true }),
    });
    const steps = fc.array(
      fc.record({
        moveMs: fc.integer({ min: -5_000, max: 3_600_000 }),
        costShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      }),
      { minLength: 1, maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(policies, steps, async (policy, sequence) => {
        const key = aBucketKey();
        let state: BucketState | null = null;
        let nowMs = atSecond(0).getTime();
        for (const { moveMs, costShare } of sequence) {
          nowMs += moveMs;
          const cost = 1 + Math.floor(costShare * (policy.capacity - 1));
          const expected = takeFromBucket(state, policy, cost, nowMs);
          state = expected.state;
          expect(await store.take(key, policy, cost, new Date(nowMs))).toEqual(expected.decision);
          const stored = await redis.client().hgetall(`${redis.prefix}${key}`);
          expect(Object.is(Number(stored.tokens), state.tokens)).toBe(true);
          expect(Number(stored.updated_at_ms)).toBe(state.updatedAtMs);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
