import { aBucketKey, atSecond } from '@portcullis/adapter-tests';
import type { RateLimitDecision, RateLimitStore } from '@portcullis/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index.ts';
import { connect, useRedis } from './redis.ts';

const redis = useRedis();
let connections: Redis[] = [];

beforeAll(async () => {
  connections = await Promise.all(Array.from({ length: 10 }, () => connect()));
});

afterAll(async () => {
  await Promise.all(connections.map((client) => client.quit()));
});

describe('Redis rate-limit store: races between app instances', () => {
  it('200 concurrent takes through 10 connections on capacity 25: exactly 25 pass', async () => {
    const ids = new Set(await Promise.all(connections.map((client) => client.client('ID'))));
    expect(ids.size).toBe(10);
    const stores = connections.map((client) =>
      createRedisRateLimitStore(client, { prefix: redis.prefix }),
    );
    const key = aBucketKey();
    const policy = { capacity: 25, refillPerSecond: 1 / 64 };

    const decisions: RateLimitDecision[] = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (stores[i % stores.length] as RateLimitStore).take(key, policy, 1, atSecond(0)),
      ),
    );

    const passed = decisions.filter((decision) => decision.allowed);
    expect(passed).toHaveLength(25);
    expect(passed.map((d) => d.remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(await redis.client().hget(`${redis.prefix}${key}`, 'tokens')).toBe('0');
  });
});
