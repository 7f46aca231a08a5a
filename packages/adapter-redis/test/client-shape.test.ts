import { aBucketKey, atSecond, slowPolicy } from '@portcullis/adapter-tests';
import type { Cluster, Redis } from 'ioredis';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RedisScriptClient } from '../src/index.ts';
import { createRedisRateLimitStore } from '../src/index.ts';
import { TAKE_SCRIPT } from '../src/take-script.ts';
import { useRedis } from './redis.ts';

const redis = useRedis();

/** Forwards to the test's connection and records each call's command and SHA-1. */
function recordingClient(client: Redis, options: { forgetFirst?: boolean } = {}) {
  const sent: string[] = [];
  let forget = options.forgetFirst ?? false;
  const wrapper: RedisScriptClient = {
    evalsha(sha, numKeys, ...args) {
      sent.push(`evalsha ${sha}`);
      // As after SCRIPT FLUSH or a failover: ask for a script the server has never seen,
      // so the reply is Redis' own NOSCRIPT error.
      const asked = forget ? 'f'.repeat(40) : sha;
      forget = false;
      return client.evalsha(asked, numKeys, ...args);
    },
    eval(script, numKeys, ...args) {
      sent.push(script === TAKE_SCRIPT ? 'eval TAKE_SCRIPT' : 'eval ?');
      return client.eval(script, numKeys, ...args);
    },
  };
  return { sent, wrapper };
}

describe('Redis rate-limit store: the client it accepts', () => {
  it('takes an ioredis Redis or Cluster as they are (typed by shape, not by import)', () => {
    expectTypeOf<Redis>().toExtend<RedisScriptClient>();
    expectTypeOf<Cluster>().toExtend<RedisScriptClient>();
    expectTypeOf<{ eval: RedisScriptClient['eval'] }>().not.toExtend<RedisScriptClient>();
  });

  it('runs the script by its SHA-1, the one the server computes', async () => {
    const sha = String(await redis.client().script('LOAD', TAKE_SCRIPT));
    const { sent, wrapper } = recordingClient(redis.client());
    const store = createRedisRateLimitStore(wrapper, { prefix: redis.prefix });
    const key = aBucketKey();
    await store.take(key, slowPolicy, 1, atSecond(0));
    await store.take(key, slowPolicy, 1, atSecond(0));
    expect(sent).toEqual([`evalsha ${sha}`, `evalsha ${sha}`]);
    expect(await redis.client().hget(`${redis.prefix}${key}`, 'tokens')).toBe('2');
  });

  it('sends the script text when the server answers NOSCRIPT, once, and the take counts once', async () => {
    const { sent, wrapper } = recordingClient(redis.client(), { forgetFirst: true });
    const store = createRedisRateLimitStore(wrapper, { prefix: redis.prefix });
    const key = aBucketKey();
    expect((await store.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(3);
    expect((await store.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(2);
    expect(sent.map((line) => line.split(' ')[0])).toEqual(['evalsha', 'eval', 'evalsha']);
    expect(sent[1]).toBe('eval TAKE_SCRIPT');
  });
});
