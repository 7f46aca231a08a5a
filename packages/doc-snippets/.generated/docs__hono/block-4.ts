// docs/hono.md:158
import { requireAuth, auth, app } from './context.ts';
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { createRedisRateLimitStore } from '@portcullis/adapter-redis';
import { createRateLimiter, deriveKeys } from '@portcullis/core';
import type { HonoAuthOptions } from '@portcullis/hono';
import { Redis } from 'ioredis';
export async function snippet() {

const keys = await deriveKeys(process.env.AUTH_SECRET!); // the same secret createAuth's keys come from
// One app instance: its own memory. Several: a store they all share.
const store = process.env.REDIS_URL
  ? createRedisRateLimitStore(new Redis(process.env.REDIS_URL))
  : createMemoryRateLimitStore();

const options: HonoAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  rateLimiter: createRateLimiter({
    store,
    secret: keys.rateLimitSecret, // from deriveKeys: the bucket names hold no IP or email
    // rules: { sign_in: [...] } replaces one action's list; the rest keep the defaults
  }),
};
}
