/**
 * Picks where the example apps keep rate-limit buckets:
 * - `REDIS_URL` set: that Redis server, so every instance of the app shares one count;
 * - otherwise this process's memory, which is right for one instance only;
 * - `RATE_LIMITS=off` (never in production): no limiter at all.
 */
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { createRedisRateLimitStore } from '@portcullis/adapter-redis';
import type { RateLimiter, RateLimitStore } from '@portcullis/core';
import { createRateLimiter } from '@portcullis/core';
import { Redis } from 'ioredis';
import type { ExampleSettings } from './settings.ts';
import { ExampleStartupError, serviceAddress } from './startup.ts';

export interface ExampleRateLimits {
  /** `null` when RATE_LIMITS=off. */
  readonly limiter: RateLimiter | null;
  /** `redis (host:port)`, `memory (this process)` or `off`, for the startup log (no credentials). */
  readonly kind: string;
  close(): Promise<void>;
}

/** `host:port` of a Redis URL: what the log may show (never the user or password). */
export function redisAddress(url: string): string {
  return serviceAddress(url, 6379);
}

/**
 * A connected client. Commands fail fast while Redis is away (one retry, two-second
 * timeout), so requests answer 500 rather than hang: the HTTP layer fails closed.
 */
async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
  });
  // Without a listener ioredis reports every failure as unhandled. While connecting, the
  // first socket error (ECONNREFUSED, ENOTFOUND, ...) is the reason to report, once.
  let connectError: Error | undefined;
  const onConnectError = (error: Error) => {
    connectError ??= error;
  };
  client.on('error', onConnectError);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const cause = connectError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ExampleStartupError(
      `Cannot reach Redis at ${redisAddress(url)} (REDIS_URL): ${reason}`,
    );
  }
  client.off('error', onConnectError);
  client.on('error', (error: Error) =>
    console.error(`[rate limits] Redis ${redisAddress(url)}: ${error.message}`),
  );
  return client;
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** The limiter for `settings`, keyed by `secret` (derived from AUTH_SECRET). */
export async function createExampleRateLimits(
  settings: ExampleSettings,
  secret: Uint8Array<ArrayBuffer>,
): Promise<ExampleRateLimits> {
  if (!settings.rateLimits) return { limiter: null, kind: 'off', close: async () => undefined };
  let store: RateLimitStore;
  let kind: string;
  let close: () => Promise<void>;
  if (settings.redisUrl === null) {
    store = createMemoryRateLimitStore();
    kind = 'memory (this process)';
    close = async () => undefined;
  } else {
    const client = await connectRedis(settings.redisUrl);
    store = createRedisRateLimitStore(client);
    kind = `redis (${redisAddress(settings.redisUrl)})`;
    close = () => quit(client);
  }
  return { limiter: createRateLimiter({ store, secret }), kind, close };
}
