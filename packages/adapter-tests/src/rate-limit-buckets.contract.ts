/**
 * The token-bucket guarantees of `RateLimitStore.take`, each with exact expected figures.
 * Times are explicit instants (`atSecond`), never the wall clock: a store must use the
 * `now` it is given, so that every app instance sharing it agrees.
 */
import type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '@portcullis/core';
import { isAuthError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import type { RateLimitSubjectAccessor } from './rate-limit-subject.ts';
import { aBucketKey, atSecond, slowPolicy } from './rate-limit-subject.ts';

const allowed = (remaining: number): RateLimitDecision => ({
  allowed: true,
  remaining,
  retryAfterSeconds: 0,
});
const refused = (remaining: number, retryAfterSeconds: number): RateLimitDecision => ({
  allowed: false,
  remaining,
  retryAfterSeconds,
});

/** `count` takes of one token, one after another, all at `now`. */
async function takeSeries(
  store: RateLimitStore,
  key: string,
  count: number,
  now: Date,
  policy: RateLimitPolicy = slowPolicy,
): Promise<RateLimitDecision[]> {
  const decisions: RateLimitDecision[] = [];
  for (let i = 0; i < count; i++) decisions.push(await store.take(key, policy, 1, now));
  return decisions;
}

export function describeRateLimitBucketContract(subject: RateLimitSubjectAccessor): void {
  const store = () => subject().store;

  describe('token buckets', () => {
    it('a new key starts full: capacity takes pass, the next is refused until a token refills', async () => {
      const key = aBucketKey();
      expect(await takeSeries(store(), key, 5, atSecond(0))).toEqual([
        allowed(3),
        allowed(2),
        allowed(1),
        allowed(0),
        refused(0, 64),
      ]);
      // Half a token after 32 s: still refused, and told the 32 s that remain.
      expect(await store().take(key, slowPolicy, 1, atSecond(32))).toEqual(refused(0, 32));
      expect(await store().take(key, slowPolicy, 1, atSecond(64))).toEqual(allowed(0));
      expect(await store().take(key, slowPolicy, 1, atSecond(64))).toEqual(refused(0, 64));
    });

    it('refills fractionally, keeps fractions across refusals, and never above capacity', async () => {
      const key = aBucketKey();
      await takeSeries(store(), key, 4, atSecond(0));
      expect(await store().take(key, slowPolicy, 1, atSecond(16))).toEqual(refused(0, 48));
      expect(await store().take(key, slowPolicy, 1, atSecond(48))).toEqual(refused(0, 16));
      // 1.5 tokens at 96 s: one is taken, half a token stays (remaining counts whole ones).
      expect(await store().take(key, slowPolicy, 1, atSecond(96))).toEqual(allowed(0));
      expect(await store().take(key, slowPolicy, 1, atSecond(96))).toEqual(refused(0, 32));
      // A day later the bucket holds its capacity, not a day's worth of tokens.
      expect(await takeSeries(store(), key, 5, atSecond(86_400))).toEqual([
        allowed(3),
        allowed(2),
        allowed(1),
        allowed(0),
        refused(0, 64),
      ]);
    });

    it('a clock that goes backwards refills nothing and leaves the bucket working', async () => {
      const key = aBucketKey();
      await takeSeries(store(), key, 3, atSecond(1_000));
      // An instance whose clock is 500 s behind: no refill, no negative refill either.
      expect(await store().take(key, slowPolicy, 1, atSecond(500))).toEqual(allowed(0));
      expect(await store().take(key, slowPolicy, 1, atSecond(0))).toEqual(refused(0, 64));
      // Refill resumes from the latest time seen (1 000 s), not from the earlier readings.
      expect(await store().take(key, slowPolicy, 1, atSecond(1_063))).toEqual(refused(0, 1));
      expect(await store().take(key, slowPolicy, 1, atSecond(1_064))).toEqual(allowed(0));
      expect(await store().take(key, slowPolicy, 1, atSecond(1_064))).toEqual(refused(0, 64));
    });

    it('keeps keys independent', async () => {
      const first = aBucketKey();
      const second = aBucketKey();
      await takeSeries(store(), first, 4, atSecond(0));
      expect(await store().take(first, slowPolicy, 1, atSecond(0))).toEqual(refused(0, 64));
      expect(await takeSeries(store(), second, 2, atSecond(0))).toEqual([allowed(3), allowed(2)]);
      expect(await store().take(first, slowPolicy, 1, atSecond(1))).toMatchObject({
        allowed: false,
      });
      // Keys that differ only in case or by a suffix are different buckets too.
      expect(await store().take(first.toUpperCase(), slowPolicy, 1, atSecond(0))).toEqual(
        allowed(3),
      );
      expect(await store().take(`${first}x`, slowPolicy, 1, atSecond(0))).toEqual(allowed(3));
    });

    it('takes a cost of several tokens only when that many are there', async () => {
      const key = aBucketKey();
      const policy: RateLimitPolicy = { capacity: 10, refillPerSecond: 1 / 64 };
      expect(await store().take(key, policy, 7, atSecond(0))).toEqual(allowed(3));
      // Four wanted, three there: refused and nothing taken; one more token takes 64 s.
      expect(await store().take(key, policy, 4, atSecond(0))).toEqual(refused(3, 64));
      expect(await store().take(key, policy, 3, atSecond(0))).toEqual(allowed(0));
      expect(await store().take(key, policy, 10, atSecond(32))).toEqual(refused(0, 608));
      // A new key can spend its whole capacity at once.
      expect(await store().take(aBucketKey(), policy, 10, atSecond(0))).toEqual(allowed(0));
    });

    it('uses the policy it is given on each take (a lowered capacity caps the bucket)', async () => {
      const key = aBucketKey();
      const wide: RateLimitPolicy = { capacity: 10, refillPerSecond: 1 / 64 };
      expect(await store().take(key, wide, 1, atSecond(0))).toEqual(allowed(9));
      expect(await store().take(key, slowPolicy, 1, atSecond(0))).toEqual(allowed(3));
    });

    it('refuses arguments no bucket can honour, and they leave the bucket untouched', async () => {
      const key = aBucketKey();
      const attempts: [RateLimitPolicy, number, Date, 'INPUT_INVALID' | 'CONFIG_INVALID'][] = [
        [slowPolicy, 0, atSecond(0), 'INPUT_INVALID'],
        [slowPolicy, -3, atSecond(0), 'INPUT_INVALID'],
        [slowPolicy, 1.5, atSecond(0), 'INPUT_INVALID'],
        [slowPolicy, Number.NaN, atSecond(0), 'INPUT_INVALID'],
        [slowPolicy, 5, atSecond(0), 'INPUT_INVALID'],
        [slowPolicy, 1, new Date(Number.NaN), 'INPUT_INVALID'],
        [{ capacity: 0, refillPerSecond: 1 }, 1, atSecond(0), 'CONFIG_INVALID'],
        [{ capacity: 2.5, refillPerSecond: 1 }, 1, atSecond(0), 'CONFIG_INVALID'],
        [{ capacity: 4, refillPerSecond: 0 }, 1, atSecond(0), 'CONFIG_INVALID'],
        [{ capacity: 4, refillPerSecond: -1 }, 1, atSecond(0), 'CONFIG_INVALID'],
        [
          { capacity: 4, refillPerSecond: Number.POSITIVE_INFINITY },
          1,
          atSecond(0),
          'CONFIG_INVALID',
        ],
      ];
      for (const [policy, cost, now, code] of attempts) {
        const error = await store()
          .take(key, policy, cost, now)
          .then(
            () => null,
            (thrown: unknown) => thrown,
          );
        expect(isAuthError(error, code), `cost ${cost}, policy ${JSON.stringify(policy)}`).toBe(
          true,
        );
      }
      expect(await takeSeries(store(), key, 5, atSecond(0))).toEqual([
        allowed(3),
        allowed(2),
        allowed(1),
        allowed(0),
        refused(0, 64),
      ]);
    });
  });
}
