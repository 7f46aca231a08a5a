/**
 * Races on `RateLimitStore.take`. Every call is started before any is awaited and the
 * calls are spread over the store and its peers (other connections to the same buckets),
 * so a store that reads the bucket, then writes it in a second step lets several callers
 * spend the same token, and the count of allowed takes shows it. That is the attack a
 * rate limit exists to stop: a burst of parallel password guesses.
 */
import type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import type { RateLimitSubjectAccessor } from './rate-limit-subject.ts';
import { aBucketKey, atSecond } from './rate-limit-subject.ts';

/** `count` concurrent takes on `key`, round-robin over the handles, all started at once. */
function raceTakes(
  handles: readonly RateLimitStore[],
  count: number,
  key: string,
  policy: RateLimitPolicy,
  cost: number,
): Promise<RateLimitDecision[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      (handles[i % handles.length] as RateLimitStore).take(key, policy, cost, atSecond(0)),
    ),
  );
}

export function describeRateLimitConcurrencyContract(subject: RateLimitSubjectAccessor): void {
  const handles = (): RateLimitStore[] => [subject().store, ...(subject().peers ?? [])];
  const policy: RateLimitPolicy = { capacity: 10, refillPerSecond: 1 / 64 };

  describe('concurrency', () => {
    it('100 concurrent takes on one key with capacity 10: exactly 10 are allowed', async () => {
      const key = aBucketKey();
      const decisions = await raceTakes(handles(), 100, key, policy, 1);

      const passed = decisions.filter((decision) => decision.allowed);
      expect(passed).toHaveLength(10);
      // Each allowed take saw a different bucket level: the takes were serialised.
      const levels = passed.map((decision) => decision.remaining).sort((a, b) => a - b);
      expect(levels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const decision of decisions.filter((d) => !d.allowed))
        expect(decision).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 64 });
      expect((await subject().store.take(key, policy, 1, atSecond(0))).allowed).toBe(false);
    });

    it('30 concurrent takes of 3 tokens with capacity 10: exactly 3 are allowed', async () => {
      const key = aBucketKey();
      const decisions = await raceTakes(handles(), 30, key, policy, 3);

      const passed = decisions.filter((decision) => decision.allowed);
      expect(passed.map((d) => d.remaining).sort((a, b) => a - b)).toEqual([1, 4, 7]);
      // One token is left; a take of one still passes, a take of two does not.
      expect((await subject().store.take(key, policy, 2, atSecond(0))).allowed).toBe(false);
      expect((await subject().store.take(key, policy, 1, atSecond(0))).allowed).toBe(true);
    });

    it('concurrent takes on 20 keys: each key allows exactly its capacity', async () => {
      const keys = Array.from({ length: 20 }, () => aBucketKey());
      const small: RateLimitPolicy = { capacity: 3, refillPerSecond: 1 / 64 };
      const all = handles();
      const decisions = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (all[i % all.length] as RateLimitStore)
            .take(keys[i % 20] as string, small, 1, atSecond(0))
            .then((decision) => ({ key: i % 20, decision })),
        ),
      );
      const allowedPerKey = new Array<number>(20).fill(0);
      for (const { key, decision } of decisions)
        if (decision.allowed) allowedPerKey[key] = (allowedPerKey[key] ?? 0) + 1;
      expect(allowedPerKey).toEqual(new Array<number>(20).fill(3));
    });
  });
}
