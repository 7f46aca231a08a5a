/**
 * Property: whatever sequence of takes and clock moves a store sees, it decides exactly
 * as `takeFromBucket` (core's reference arithmetic) run over the same sequence. This is
 * where a store re-implementing the arithmetic elsewhere (Lua, SQL) shows any drift in
 * its floating point, its capping or its handling of a clock that moved backwards.
 */
import type { RateLimitDecision, RateLimitPolicy } from '@portcullis/core';
import type { BucketState } from '@portcullis/core/rate-limit';
import { takeFromBucket } from '@portcullis/core/rate-limit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RateLimitSubjectAccessor } from './rate-limit-subject.ts';
import { aBucketKey, atSecond } from './rate-limit-subject.ts';

/**
 * Policies with any capacity from 2 and a refill rate of at most one token a minute:
 * arbitrary doubles, and the round "n per m minutes" rates deployments write (whose
 * fractions, like 1/60, are inexact in binary and add up to near-integers, where a store
 * that loses a last digit floors or rounds differently). Costs stay below the capacity,
 * so every bucket written is at least one token, a minute, short of full: a store that
 * forgets full buckets by its own real clock (Redis key expiry) keeps every bucket for
 * the milliseconds a run lasts, as the reference does.
 */
const policies = fc.integer({ min: 2, max: 50 }).chain((capacity) =>
  fc.record({
    capacity: fc.constant(capacity),
    refillPerSecond: fc.oneof(
      fc.double({ min: 1 / 86_400, max: 1 / 60, noNaN: true }),
      fc.integer({ min: capacity, max: 24 * 60 }).map((minutes) => capacity / (minutes * 60)),
    ),
  }),
);

/**
 * One step: which of two keys, how far the clock moves first, and the cost as a fraction
 * of what is allowed. The clock stays, steps whole seconds forward or back, or moves by a
 * fraction of the time the bucket takes to fill from empty (backwards down to a fifth).
 */
const steps = fc.array(
  fc.record({
    key: fc.integer({ min: 0, max: 1 }),
    move: fc.oneof(
      fc.constant({ ms: 0, share: 0 }),
      fc.integer({ min: -30, max: 600 }).map((seconds) => ({ ms: seconds * 1000, share: 0 })),
      fc.double({ min: -0.2, max: 1.5, noNaN: true }).map((share) => ({ ms: 0, share })),
    ),
    costShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  }),
  { minLength: 1, maxLength: 60 },
);

export function describeRateLimitEquivalenceContract(subject: RateLimitSubjectAccessor): void {
  describe('equivalence with the reference arithmetic', () => {
    it('random takes and clock moves decide exactly as takeFromBucket', async () => {
      await fc.assert(
        fc.asyncProperty(policies, steps, async (policy: RateLimitPolicy, sequence) => {
          const keys = [aBucketKey(), aBucketKey()];
          const reference: (BucketState | null)[] = [null, null];
          const fillMs = (policy.capacity / policy.refillPerSecond) * 1000;
          let nowMs = atSecond(0).getTime();
          for (const { key, move, costShare } of sequence) {
            nowMs += move.ms + Math.round(move.share * fillMs);
            const cost = 1 + Math.floor(costShare * (policy.capacity - 1));
            const expected = takeFromBucket(reference[key] ?? null, policy, cost, nowMs);
            reference[key] = expected.state;
            const actual: RateLimitDecision = await subject().store.take(
              keys[key] as string,
              policy,
              cost,
              new Date(nowMs),
            );
            expect(actual).toEqual(expected.decision);
          }
        }),
        { numRuns: 200 },
      );
    }, 60_000);
  });
}
