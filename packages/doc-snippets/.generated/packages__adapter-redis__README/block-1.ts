// packages/adapter-redis/README.md:27
import { auth, ip, email } from './context.ts';
import { createRedisRateLimitStore } from '@portcullis/adapter-redis';
import { createRateLimiter, deriveKeys } from '@portcullis/core';
import { Redis } from 'ioredis';
export async function snippet() {

const keys = await deriveKeys(process.env.AUTH_SECRET!);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const limiter = createRateLimiter({
  store: createRedisRateLimitStore(redis), // keys under `portcullis:rl:`; `{ prefix }` to change
  secret: keys.rateLimitSecret, // from deriveKeys(AUTH_SECRET): no address or email is stored
});
const verdict = await limiter.check('sign_in', { ip, email }); // { ok } or { ok: false, retryAfterSeconds }
}
