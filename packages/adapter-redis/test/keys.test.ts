import { atSecond, slowPolicy, uniqueTag } from '@portcullis/adapter-tests';
import { isAuthError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import type { RedisScriptClient } from '../src/index.ts';
import { createRedisRateLimitStore } from '../src/index.ts';
import { useRedis } from './redis.ts';

const redis = useRedis();

describe('Redis rate-limit store: keys and arguments', () => {
  it('stores keys with odd characters byte for byte, each its own bucket', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const tag = uniqueTag();
    const keys = [
      `${tag} with spaces`,
      `${tag}\nnew\r\nlines\t`,
      `${tag}\u0000nul`,
      `${tag}*?[a-z]\\`,
      `${tag}{hash-tag}`,
      `${tag}:ümlaut:日本:🔑`,
      `${tag}'"\`$(rm -rf)`,
      `${tag}${'x'.repeat(1024 - tag.length)}`,
    ];
    for (const key of keys) {
      for (let i = 0; i < 4; i++) await store.take(key, slowPolicy, 1, atSecond(0));
      expect(await redis.client().hget(`${redis.prefix}${key}`, 'tokens'), key).toBe('0');
    }
    // The glob characters matched nothing else: every sibling is still empty, not refilled
    // or shared, and a key that differs in one character is a fresh bucket.
    for (const key of keys)
      expect((await store.take(key, slowPolicy, 1, atSecond(0))).allowed, key).toBe(false);
    expect((await store.take(`${tag}*?[a-y]\\`, slowPolicy, 1, atSecond(0))).remaining).toBe(3);
    expect((await store.take(`${tag}\u0000nuL`, slowPolicy, 1, atSecond(0))).remaining).toBe(3);
  });

  it('refuses keys and arguments it cannot store, before sending anything', async () => {
    const calls: string[] = [];
    const recording: RedisScriptClient = {
      async evalsha() {
        calls.push('evalsha');
        return [1, '0'];
      },
      async eval() {
        calls.push('eval');
        return [1, '0'];
      },
    };
    const store = createRedisRateLimitStore(recording);
    const refused: [unknown, unknown, unknown, unknown, string][] = [
      ['', slowPolicy, 1, atSecond(0), 'INPUT_INVALID'],
      ['x'.repeat(1025), slowPolicy, 1, atSecond(0), 'INPUT_INVALID'],
      ['lone \ud800 surrogate', slowPolicy, 1, atSecond(0), 'INPUT_INVALID'],
      [42, slowPolicy, 1, atSecond(0), 'INPUT_INVALID'],
      ['key', slowPolicy, 1, Date.UTC(2030, 0, 1), 'INPUT_INVALID'],
      ['key', slowPolicy, 1, new Date(Number.NaN), 'INPUT_INVALID'],
      ['key', slowPolicy, 0, atSecond(0), 'INPUT_INVALID'],
      ['key', slowPolicy, 2.5, atSecond(0), 'INPUT_INVALID'],
      ['key', slowPolicy, '1', atSecond(0), 'INPUT_INVALID'],
      ['key', slowPolicy, 5, atSecond(0), 'INPUT_INVALID'],
      ['key', null, 1, atSecond(0), 'CONFIG_INVALID'],
      ['key', { capacity: 1e300, refillPerSecond: 1 }, 1, atSecond(0), 'CONFIG_INVALID'],
      ['key', { capacity: 4, refillPerSecond: Number.NaN }, 1, atSecond(0), 'CONFIG_INVALID'],
    ];
    for (const [key, policy, cost, now, code] of refused) {
      const take = store.take as (...args: unknown[]) => Promise<unknown>;
      const error = await take(key, policy, cost, now).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(isAuthError(error), `${String(key).slice(0, 20)} ${String(cost)}`).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    }
    expect(calls).toEqual([]);
    // The longest accepted key goes through.
    await store.take('x'.repeat(1024), slowPolicy, 1, atSecond(0));
    expect(calls).toEqual(['evalsha']);
  });

  it('refuses a malformed prefix at construction', () => {
    expect(() => createRedisRateLimitStore(redis.client(), { prefix: 'rl:\udc00' })).toThrow(
      /prefix/,
    );
    const prefix = 42 as unknown as string;
    expect(() => createRedisRateLimitStore(redis.client(), { prefix })).toThrow(/prefix/);
  });
});
