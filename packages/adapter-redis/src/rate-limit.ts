import type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '@portcullis/core';
import { ConfigError, InputError, StorageError } from '@portcullis/core';
import { hasLoneSurrogate, hex, utf8 } from '@portcullis/core/adapter';
import { decisionFor, validateTake } from '@portcullis/core/rate-limit';
import type { RedisScriptClient } from './client.ts';
import { isNoScript, toStorageError } from './errors.ts';
import { TAKE_SCRIPT } from './take-script.ts';

export interface RedisRateLimitStoreOptions {
  /** Prepended to every bucket key, to keep the buckets apart from other data. Default `portcullis:rl:`. */
  readonly prefix?: string;
}

/** Core's keys are ~60 ASCII characters; anything near this is a caller bug. */
const MAX_KEY_LENGTH = 1024;

/** The script's id for EVALSHA: SHA-1 of its text, hex (the server computes the same). */
async function sha1Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(text))));
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '')
    throw new InputError([{ field: 'key', problem: 'required' }]);
  if (key.length > MAX_KEY_LENGTH) throw new InputError([{ field: 'key', problem: 'too_long' }]);
  if (hasLoneSurrogate(key)) throw new InputError([{ field: 'key', problem: 'invalid_format' }]);
}

/** The script's reply, `[1 | 0, tokens as %.17g]`, checked rather than trusted. */
function parseReply(reply: unknown): { allowed: boolean; tokens: number } {
  if (Array.isArray(reply) && reply.length === 2) {
    const [flag, tokens] = reply as unknown[];
    const count = typeof tokens === 'string' ? Number(tokens) : Number.NaN;
    if ((flag === 0 || flag === 1) && Number.isFinite(count) && count >= 0)
      return { allowed: flag === 1, tokens: count };
  }
  throw new StorageError('Storage failure: Redis answered the rate-limit script unexpectedly');
}

/**
 * Token buckets in Redis, shared by every app instance. Each `take` is one Lua script
 * (see take-script.ts), which Redis runs atomically: of any number of concurrent takes on
 * one key, from any number of connections, no more pass than there were tokens. A bucket
 * is a hash `{ tokens, updated_at_ms }` under `prefix + key` that expires when it would be
 * full again, so idle keys vanish on their own.
 *
 * The time is the `now` each take is given, not the server's clock, so the store agrees
 * with the clock core was given; app instances therefore need roughly synchronised clocks
 * (NTP). A clock behind the others refills nothing, and one ahead can only refill early
 * by its lead; key expiry runs on the server's clock and bounds either.
 *
 * Failures of the client or server throw `StorageError` (never with key material);
 * arguments no bucket can honour throw `InputError` or `ConfigError` before any I/O.
 */
export function createRedisRateLimitStore(
  client: RedisScriptClient,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  const prefix = options.prefix ?? 'portcullis:rl:';
  if (typeof prefix !== 'string' || hasLoneSurrogate(prefix))
    throw new ConfigError('Redis rate-limit store: prefix must be a well-formed string');
  let scriptSha: Promise<string> | undefined;

  async function runScript(args: string[]): Promise<unknown> {
    scriptSha ??= sha1Hex(TAKE_SCRIPT);
    try {
      return await client.evalsha(await scriptSha, 1, ...args);
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH / a failover): send the text once.
      if (!isNoScript(error)) throw error;
      return await client.eval(TAKE_SCRIPT, 1, ...args);
    }
  }

  return {
    async take(
      key: string,
      policy: RateLimitPolicy,
      cost: number,
      now: Date,
    ): Promise<RateLimitDecision> {
      checkKey(key);
      if (!(now instanceof Date)) throw new InputError([{ field: 'now', problem: 'invalid_type' }]);
      const nowMs = now.getTime();
      validateTake(policy, cost, nowMs);
      let reply: unknown;
      try {
        reply = await runScript([
          `${prefix}${key}`,
          String(policy.capacity),
          String(policy.refillPerSecond),
          String(cost),
          String(nowMs),
        ]);
      } catch (error) {
        throw toStorageError(error);
      }
      const { allowed, tokens } = parseReply(reply);
      return decisionFor(allowed, tokens, policy, cost);
    },
  };
}
