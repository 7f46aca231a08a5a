/**
 * @portcullis/adapter-redis — a `RateLimitStore` over Redis: token buckets shared by
 * every app instance, each take one atomic Lua script.
 */
export { createRedisRateLimitStore } from './rate-limit.ts';

// Types after values (house style); this detached comment stops Biome merging the blocks.

export type { RedisScriptClient } from './client.ts';
export type { RedisRateLimitStoreOptions } from './rate-limit.ts';
