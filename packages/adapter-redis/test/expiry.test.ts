import { aBucketKey, atSecond, slowPolicy } from '@portcullis/adapter-tests';
import { describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index.ts';
import { useRedis } from './redis.ts';

const redis = useRedis();

describe('Redis rate-limit store: what it writes', () => {
  it('keeps a bucket as a hash of tokens and the time, under the prefix', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const key = aBucketKey();
    await store.take(key, slowPolicy, 1, atSecond(0));
    expect(await redis.client().hgetall(`${redis.prefix}${key}`)).toEqual({
      tokens: '3',
      updated_at_ms: String(atSecond(0).getTime()),
    });
    expect(await redis.client().exists(key)).toBe(0);
  });

  it('expires a bucket when it would be full again', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const key = aBucketKey();
    const stored = `${redis.prefix}${key}`;
    // One token short: full in 64 s. The PTTL has ticked down by however long the call took.
    await store.take(key, slowPolicy, 1, atSecond(0));
    const afterOne = await redis.client().pttl(stored);
    expect(afterOne).toBeGreaterThan(60_000);
    expect(afterOne).toBeLessThanOrEqual(64_000);
    // Empty: full in 4 × 64 s.
    for (let i = 0; i < 3; i++) await store.take(key, slowPolicy, 1, atSecond(0));
    const empty = await redis.client().pttl(stored);
    expect(empty).toBeGreaterThan(250_000);
    expect(empty).toBeLessThanOrEqual(256_000);
    // Half a token refilled after 32 s: 3.5 tokens, 224 s, to go.
    await store.take(key, slowPolicy, 1, atSecond(32));
    const refilling = await redis.client().pttl(stored);
    expect(refilling).toBeGreaterThan(220_000);
    expect(refilling).toBeLessThanOrEqual(224_000);
  });

  it('lets a bucket that refills almost at once vanish almost at once', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const key = aBucketKey();
    // 10 000 tokens a second: one token short of 10 is full again within a millisecond.
    await store.take(key, { capacity: 10, refillPerSecond: 10_000 }, 1, atSecond(0));
    expect([-2, 0, 1]).toContain(await redis.client().pttl(`${redis.prefix}${key}`));
  });

  it('an expired bucket is a full one (forgetting it changes no decision)', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const key = aBucketKey();
    for (let i = 0; i < 4; i++) await store.take(key, slowPolicy, 1, atSecond(0));
    // What expiry does once the 256 s are up; the reference would hold 4 tokens by then.
    await redis.client().del(`${redis.prefix}${key}`);
    expect(await store.take(key, slowPolicy, 1, atSecond(256))).toEqual({
      allowed: true,
      remaining: 3,
      retryAfterSeconds: 0,
    });
  });

  it('uses portcullis:rl: as the default prefix', async () => {
    const key = `test-${aBucketKey()}`;
    const store = createRedisRateLimitStore(redis.client());
    try {
      await store.take(key, slowPolicy, 1, atSecond(0));
      expect(await redis.client().hget(`portcullis:rl:${key}`, 'tokens')).toBe('3');
    } finally {
      await redis.client().del(`portcullis:rl:${key}`);
    }
  });

  it('keeps stores with different prefixes apart, and shares buckets within one', async () => {
    const key = aBucketKey();
    const left = createRedisRateLimitStore(redis.client(), { prefix: `${redis.prefix}a:` });
    const right = createRedisRateLimitStore(redis.client(), { prefix: `${redis.prefix}b:` });
    const leftAgain = createRedisRateLimitStore(redis.client(), { prefix: `${redis.prefix}a:` });
    for (let i = 0; i < 4; i++) await left.take(key, slowPolicy, 1, atSecond(0));
    expect((await right.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(3);
    expect((await leftAgain.take(key, slowPolicy, 1, atSecond(0))).allowed).toBe(false);
  });
});
