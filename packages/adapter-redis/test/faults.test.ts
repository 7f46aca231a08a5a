import { inspect } from 'node:util';
import { aBucketKey, atSecond, slowPolicy } from '@portcullis/adapter-tests';
import type { RateLimitStore } from '@portcullis/core';
import { isAuthError, StorageError } from '@portcullis/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { RedisScriptClient } from '../src/index.ts';
import { createRedisRateLimitStore } from '../src/index.ts';
import { connect, useRedis } from './redis.ts';

const redis = useRedis();

/** What `take` threw (or `null`), so a test can inspect it. */
async function failureOf(store: RateLimitStore, key: string): Promise<unknown> {
  return store.take(key, slowPolicy, 1, atSecond(0)).then(
    () => null,
    (error: unknown) => error,
  );
}

/** A StorageError whose message, cause and inspected form carry no key material. */
function expectCleanStorageError(error: unknown, ...secrets: string[]) {
  expect(error).toBeInstanceOf(StorageError);
  expect(isAuthError(error, 'STORAGE_FAILURE')).toBe(true);
  const printed = inspect(error, { depth: 10 });
  for (const secret of secrets) expect(printed).not.toContain(secret);
}

/** Resolves when `client` has closed and given up reconnecting. */
function ended(client: Redis): Promise<void> {
  return new Promise((resolve) => client.once('end', () => resolve()));
}

describe('Redis rate-limit store: failures', () => {
  it('a server that is not there is a StorageError, not a hang or a crash', async () => {
    const client = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {});
    const key = aBucketKey();
    const store = createRedisRateLimitStore(client, { prefix: redis.prefix });
    expectCleanStorageError(await failureOf(store, key), key, redis.prefix);
    expect(String((await failureOf(store, key)) as Error)).toMatch(/could not be reached/);
    client.disconnect();
  });

  it('a connection killed by the server is a StorageError when the client may not reconnect', async () => {
    const client = await connect({ retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    const store = createRedisRateLimitStore(client, { prefix: redis.prefix });
    const key = aBucketKey();
    expect((await store.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(3);

    const gone = ended(client);
    const id = await client.client('ID');
    expect(await redis.client().client('KILL', 'ID', String(id))).toBe(1);
    await gone;

    expectCleanStorageError(await failureOf(store, key), key, redis.prefix);
    // The bucket lives in Redis, not in the dead connection: another one sees it intact.
    const other = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    expect((await other.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(2);
  });

  it('a killed connection that reconnects carries on with the same buckets', async () => {
    const client = await connect();
    const store = createRedisRateLimitStore(client, { prefix: redis.prefix });
    const key = aBucketKey();
    await store.take(key, slowPolicy, 1, atSecond(0));
    const id = await client.client('ID');
    await redis.client().client('KILL', 'ID', String(id));

    expect((await store.take(key, slowPolicy, 1, atSecond(0))).remaining).toBe(2);
    expect(await client.client('ID')).not.toBe(id);
    await client.quit();
  });

  it('a key holding something else is a StorageError and is left as it was', async () => {
    const store = createRedisRateLimitStore(redis.client(), { prefix: redis.prefix });
    const wrongType = aBucketKey();
    await redis.client().set(`${redis.prefix}${wrongType}`, 'not a bucket');
    const error = await failureOf(store, wrongType);
    expectCleanStorageError(error, wrongType, redis.prefix, 'not a bucket');
    expect((error as Error).message).toMatch(/WRONGTYPE/);
    expect(await redis.client().get(`${redis.prefix}${wrongType}`)).toBe('not a bucket');

    const corrupt = aBucketKey();
    await redis.client().hset(`${redis.prefix}${corrupt}`, 'tokens', 'lots', 'updated_at_ms', '0');
    const corruptError = await failureOf(store, corrupt);
    expectCleanStorageError(corruptError, corrupt, redis.prefix);
    expect((corruptError as Error).message).toMatch(/something other than a token bucket/);

    const halfWritten = aBucketKey();
    await redis.client().hset(`${redis.prefix}${halfWritten}`, 'tokens', '2');
    expectCleanStorageError(await failureOf(store, halfWritten), halfWritten);
    const notANumber = aBucketKey();
    await redis
      .client()
      .hset(`${redis.prefix}${notANumber}`, 'tokens', 'nan', 'updated_at_ms', '0');
    expectCleanStorageError(await failureOf(store, notANumber), notANumber);
  });

  it('an error reply that quotes the arguments does not leak them', async () => {
    const key = aBucketKey();
    const quoting: RedisScriptClient = {
      async evalsha(_sha, _numKeys, ...args) {
        const error = new Error(
          `ERR unknown command 'EVALSHA', with args beginning with: ${args.join(' ')}`,
        );
        error.name = 'ReplyError';
        throw Object.assign(error, { command: { name: 'evalsha', args } });
      },
      async eval() {
        throw new Error('eval must not be tried for a reply other than NOSCRIPT');
      },
    };
    const error = await failureOf(createRedisRateLimitStore(quoting, { prefix: 'p:' }), key);
    expectCleanStorageError(error, key, 'p:');
    expect((error as Error).message).toMatch(/refused the rate-limit script \(ERR\)/);
  });

  it('a client that throws, or answers nonsense, is a StorageError', async () => {
    const throwing = {
      evalsha() {
        throw new TypeError('client is broken');
      },
      eval() {
        throw new TypeError('client is broken');
      },
    } as unknown as RedisScriptClient;
    expectCleanStorageError(await failureOf(createRedisRateLimitStore(throwing), aBucketKey()));

    for (const reply of [null, 'OK', [1], [2, '1'], [1, 'many'], [1, '-1'], [1, 3]]) {
      const odd: RedisScriptClient = { evalsha: async () => reply, eval: async () => reply };
      const error = await failureOf(createRedisRateLimitStore(odd), aBucketKey());
      expect(error, JSON.stringify(reply)).toBeInstanceOf(StorageError);
    }
  });
});
