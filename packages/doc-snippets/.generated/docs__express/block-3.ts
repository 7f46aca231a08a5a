// docs/express.md:138
import { requireAuth, auth, app } from './context.ts';
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { createRedisRateLimitStore } from '@portcullis/adapter-redis';
import { createRateLimiter } from '@portcullis/core';
import type { ExpressAuthOptions } from '@portcullis/express';
import { Redis } from 'ioredis';
export async function snippet() {

// One app instance: its own memory. Several: a store they all share.
const store = process.env.REDIS_URL
  ? createRedisRateLimitStore(new Redis(process.env.REDIS_URL))
  : createMemoryRateLimitStore();

const options: ExpressAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  rateLimiter: createRateLimiter({
    store,
    secret: auth.config.secret, // keys the bucket names: the store holds no IP or email
    // rules: { sign_in: [...] } replaces one action's list; the rest keep the defaults
  }),
};
}
