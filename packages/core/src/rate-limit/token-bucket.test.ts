import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAuthError } from '../errors.ts';
import type { RateLimitPolicy } from '../repos.ts';
import type { BucketState } from './token-bucket.ts';
import { secondsUntilFull, takeFromBucket, validateTake } from './token-bucket.ts';

const T0 = Date.UTC(2030, 0, 1);
const policy: RateLimitPolicy = { capacity: 4, refillPerSecond: 0.5 };
const bucket = (tokens: number, atSeconds = 0): BucketState => ({
  tokens,
  updatedAtMs: T0 + atSeconds * 1000,
});
const at = (seconds: number) => T0 + seconds * 1000;

describe('takeFromBucket', () => {
  it('starts a new bucket full and takes from it', () => {
    expect(takeFromBucket(null, policy, 1, at(0))).toEqual({
      state: bucket(3),
      decision: { allowed: true, remaining: 3, retryAfterSeconds: 0 },
    });
    expect(takeFromBucket(null, policy, 4, at(0)).decision).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterSeconds: 0,
    });
  });

  it('allows a take that needs exactly the tokens there, and refuses one just short', () => {
    expect(takeFromBucket(bucket(2), policy, 2, at(0))).toEqual({
      state: bucket(0),
      decision: { allowed: true, remaining: 0, retryAfterSeconds: 0 },
    });
    // 1.5 s at 0.5/s is 0.75 tokens: one short of a whole token by a quarter.
    expect(takeFromBucket(bucket(0), policy, 1, at(1.5))).toEqual({
      state: bucket(0.75, 1.5),
      decision: { allowed: false, remaining: 0, retryAfterSeconds: 1 },
    });
    expect(takeFromBucket(bucket(0), policy, 1, at(2)).decision.allowed).toBe(true);
    expect(takeFromBucket(bucket(0), policy, 1, at(1.999)).decision.allowed).toBe(false);
  });

  it('refills fractionally by the millisecond and keeps the fraction on a refusal', () => {
    const first = takeFromBucket(bucket(0), policy, 1, at(0.001));
    expect(first.state).toEqual(bucket(0.0005, 0.001));
    const second = takeFromBucket(first.state, policy, 1, at(1));
    expect(second.state.tokens).toBe(0.5);
    expect(second.decision).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    // Fractions left over after a take still count: 2.25 - 1 leaves 1.25, one whole token.
    expect(takeFromBucket(bucket(0.25), policy, 1, at(4)).decision.remaining).toBe(1);
  });

  it('never fills above the capacity, however long it was idle or whatever it held', () => {
    expect(takeFromBucket(bucket(1), policy, 1, at(10 * 365 * 86_400)).state.tokens).toBe(3);
    // A policy lowered since the bucket was written caps it at once, with no time passing.
    const lowered = { capacity: 2, refillPerSecond: 0.5 };
    expect(takeFromBucket(bucket(4), lowered, 1, at(0)).decision.remaining).toBe(1);
  });

  it('refills nothing when the clock went backwards, and keeps the later time', () => {
    const behind = takeFromBucket(bucket(1, 100), policy, 1, at(40));
    expect(behind).toEqual({
      state: bucket(0, 100),
      decision: { allowed: true, remaining: 0, retryAfterSeconds: 0 },
    });
    const refused = takeFromBucket(behind.state, policy, 1, at(0));
    expect(refused.state).toEqual(bucket(0, 100));
    // Refill resumes from 100 s: two seconds after it, one token, not the 102 s since 0.
    expect(takeFromBucket(refused.state, policy, 1, at(102)).decision).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterSeconds: 0,
    });
  });

  it('rounds remaining down and retryAfter up to whole numbers', () => {
    expect(takeFromBucket(bucket(3.999), policy, 1, at(0)).decision.remaining).toBe(2);
    const oneWay = { capacity: 10, refillPerSecond: 1 / 64 };
    // A ten-thousandth of a token short still means a whole second (here 64 × 1e-4 → 1).
    expect(takeFromBucket(bucket(0.9999), oneWay, 1, at(0)).decision.retryAfterSeconds).toBe(1);
    expect(takeFromBucket(bucket(0), oneWay, 3, at(0)).decision.retryAfterSeconds).toBe(192);
  });

  it('advertises the fewest whole seconds after which the take passes, despite rounding', () => {
    // (7 - 0.1) / (1/60) rounds to 414, but 0.1 + 414 × (1/60) is 6.999999999999999.
    const perMinute = { capacity: 9, refillPerSecond: 1 / 60 };
    const short = takeFromBucket(bucket(0.1), perMinute, 7, at(0));
    expect(short.decision.retryAfterSeconds).toBe(415);
    expect(takeFromBucket(short.state, perMinute, 7, at(414)).decision.allowed).toBe(false);
    expect(takeFromBucket(short.state, perMinute, 7, at(415)).decision.allowed).toBe(true);
    // (1 - 0.7) / 0.1 rounds to 3.0000000000000004, but 3 s refill enough.
    const tenth = { capacity: 5, refillPerSecond: 0.1 };
    const long = takeFromBucket(bucket(0.7), tenth, 1, at(0));
    expect(long.decision.retryAfterSeconds).toBe(3);
    expect(takeFromBucket(long.state, tenth, 1, at(3)).decision.allowed).toBe(true);
  });

  it('refuses arguments no bucket can honour', () => {
    const cases: [RateLimitPolicy, number, number, 'INPUT_INVALID' | 'CONFIG_INVALID'][] = [
      [policy, 0, at(0), 'INPUT_INVALID'],
      [policy, -1, at(0), 'INPUT_INVALID'],
      [policy, 0.5, at(0), 'INPUT_INVALID'],
      [policy, Number.NaN, at(0), 'INPUT_INVALID'],
      [policy, 5, at(0), 'INPUT_INVALID'],
      [policy, 1, Number.NaN, 'INPUT_INVALID'],
      [policy, 1, Number.POSITIVE_INFINITY, 'INPUT_INVALID'],
      [{ capacity: 0, refillPerSecond: 1 }, 1, at(0), 'CONFIG_INVALID'],
      [{ capacity: 1.5, refillPerSecond: 1 }, 1, at(0), 'CONFIG_INVALID'],
      [{ capacity: 2 ** 53, refillPerSecond: 1 }, 1, at(0), 'CONFIG_INVALID'],
      [{ capacity: 4, refillPerSecond: 0 }, 1, at(0), 'CONFIG_INVALID'],
      [{ capacity: 4, refillPerSecond: -0.5 }, 1, at(0), 'CONFIG_INVALID'],
      [{ capacity: 4, refillPerSecond: Number.NaN }, 1, at(0), 'CONFIG_INVALID'],
      [null as unknown as RateLimitPolicy, 1, at(0), 'CONFIG_INVALID'],
    ];
    for (const [badPolicy, cost, nowMs, code] of cases) {
      let thrown: unknown = null;
      try {
        takeFromBucket(bucket(2), badPolicy, cost, nowMs);
      } catch (error) {
        thrown = error;
      }
      expect(isAuthError(thrown, code), `${JSON.stringify(badPolicy)} ${cost} ${nowMs}`).toBe(true);
    }
    expect(() => validateTake(policy, 4, at(0))).not.toThrow();
  });
});

describe('secondsUntilFull', () => {
  it('is how long a store must keep a bucket', () => {
    expect(secondsUntilFull(4, policy)).toBe(0);
    expect(secondsUntilFull(3, policy)).toBe(2);
    expect(secondsUntilFull(3.9, policy)).toBe(1);
    expect(secondsUntilFull(5, policy)).toBe(0);
  });
});

describe('takeFromBucket properties', () => {
  const policies = fc.record({
    capacity: fc.integer({ min: 1, max: 1_000 }),
    refillPerSecond: fc.double({ min: 1e-4, max: 1_000, noNaN: true }),
  });
  const moves = fc.array(
    fc.record({
      moveMs: fc.integer({ min: -60_000, max: 600_000 }),
      costShare: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 50 },
  );

  it('keeps tokens within [0, capacity], time monotonic, and allows exactly when enough is there', () => {
    fc.assert(
      fc.property(policies, moves, (p, sequence) => {
        let state: BucketState | null = null;
        let nowMs = T0;
        for (const { moveMs, costShare } of sequence) {
          nowMs += moveMs;
          const cost = Math.max(1, Math.ceil(costShare * p.capacity));
          const before: BucketState | null = state;
          const { state: after, decision } = takeFromBucket(before, p, cost, nowMs);
          expect(after.tokens).toBeGreaterThanOrEqual(0);
          expect(after.tokens).toBeLessThanOrEqual(p.capacity);
          expect(after.updatedAtMs).toBe(Math.max(nowMs, before?.updatedAtMs ?? nowMs));
          expect(decision.remaining).toBe(Math.floor(after.tokens));
          if (decision.allowed) expect(decision.retryAfterSeconds).toBe(0);
          else expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          state = after;
        }
      }),
    );
  });

  it('a refused take passes after exactly retryAfterSeconds, not a second sooner', () => {
    fc.assert(
      fc.property(
        policies,
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, fillShare, costShare) => {
          const cost = Math.max(1, Math.ceil(costShare * p.capacity));
          const tokens = fillShare * cost;
          const refused = takeFromBucket(bucket(tokens), p, cost, at(0));
          expect(refused.decision.allowed).toBe(false);
          const wait = refused.decision.retryAfterSeconds;
          expect(takeFromBucket(refused.state, p, cost, at(wait)).decision.allowed).toBe(true);
          expect(takeFromBucket(refused.state, p, cost, at(wait - 1)).decision.allowed).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
