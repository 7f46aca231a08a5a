/**
 * The Redis server the tests use: `REDIS_URL`, or the local default. There is no fallback
 * and no skip — a server that cannot be reached fails the suite, in CI and locally.
 */
import { uniqueTag } from '@portcullis/adapter-tests';
import type { RedisOptions } from 'ioredis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A new connection, open and answering; rejects with the reason when it cannot be. */
export async function connect(options: RedisOptions = {}): Promise<Redis> {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 5_000, ...options });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`Redis is required for these tests and ${redisUrl} did not answer`, {
      cause: error,
    });
  }
  return client;
}

/** A key prefix no other run or test file shares, so cleanup can never touch real data. */
export function runPrefix(): string {
  return `portcullis:test:${uniqueTag()}:`;
}

/** Every key under `prefix`, found with SCAN (never KEYS, which blocks the server). */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Deletes every key under `prefix`; returns how many there were. */
export async function deleteUnder(client: Redis, prefix: string): Promise<number> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
  return keys.length;
}

/** `prefix` as a SCAN MATCH pattern that matches only itself. */
function globEscape(prefix: string): string {
  return prefix.replace(/[\\*?[\]^-]/g, '\\$&');
}

/**
 * Registers, for the calling test file, one open connection (`client()`) and a prefix of
 * its own; after the last test every key under the prefix is deleted (and checked gone)
 * and the connection closed.
 */
export function useRedis(): { readonly prefix: string; client(): Redis } {
  const prefix = runPrefix();
  let client: Redis | undefined;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    if (client === undefined) return;
    await deleteUnder(client, prefix);
    const left = await keysUnder(client, prefix);
    await client.quit();
    expect(left).toEqual([]);
  });
  return {
    prefix,
    client() {
      if (client === undefined) throw new Error('the Redis connection is not open');
      return client;
    },
  };
}
