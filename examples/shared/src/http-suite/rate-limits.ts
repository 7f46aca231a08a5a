/**
 * Rate limits over HTTP, with the example's default rules (sign-in: 10 attempts per address
 * and email, one more every 90 s). The rest of the suite runs with RATE_LIMITS=off, since
 * it makes far more requests from 127.0.0.1 than a person would; these tests start their
 * own servers with limits on: once with the memory store, once sharing a real Redis.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import type { ApiResponse } from './client.ts';
import { ApiClient, errorCode } from './client.ts';
import { freshEmail, verifiedUser } from './flows.ts';

/** Attempts the default `sign_in` rule allows per address and email before refusing. */
const ALLOWED_ATTEMPTS = 10;
/** Its refill: one attempt every 90 seconds. */
const REFILL_SECONDS = 90;

const wrongSignIn = (api: ApiClient, email: string) =>
  api.post('/auth/sign-in', { email, password: 'not-the-password' });

function expectRateLimited(response: ApiResponse) {
  expect(response.status).toBe(429);
  expect(errorCode(response)).toBe('rate_limited');
  expect(response.headers.get('cache-control')).toBe('no-store');
  // Delay-seconds (RFC 9110 §10.2.3): a whole number, no longer than one refill.
  const retryAfter = response.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(REFILL_SECONDS);
}

export function describeRateLimits(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
  redisUrl: string,
) {
  describe('rate limits', () => {
    for (const store of ['memory', 'redis'] as const) {
      describe(store === 'redis' ? 'shared through Redis (REDIS_URL)' : 'in memory', () => {
        // Two instances of one deployment: same AUTH_SECRET, same REDIS_URL if any.
        let servers: { url: string; close(): Promise<void> }[] = [];
        beforeAll(async () => {
          const env = {
            ...baseEnv,
            AUTH_SECRET: randomBytes(32).toString('base64url'),
            RATE_LIMITS: 'on',
            REDIS_URL: store === 'redis' ? redisUrl : undefined,
          };
          servers = await Promise.all([start({ port: 0, env }), start({ port: 0, env })]);
        }, 60_000);
        afterAll(async () => {
          await Promise.all(servers.map((server) => server.close()));
        });
        const instance = (index: 0 | 1) => {
          const server = servers[index];
          if (!server) throw new Error('the example servers did not start');
          return new ApiClient(server.url);
        };

        it('answers repeated sign-in attempts for one email with 429 and Retry-After', async () => {
          const api = instance(0);
          const user = await verifiedUser(api);
          for (let attempt = 1; attempt <= ALLOWED_ATTEMPTS; attempt++) {
            const response = await wrongSignIn(api, user.email);
            expect(response.status, `attempt ${attempt}`).toBe(401);
          }
          // The right password too: the limit stops guessing, whatever the guess.
          const refused = await api.post('/auth/sign-in', user);
          expectRateLimited(refused);
          expect(refused.setCookies).toEqual([]);
          // Only that email is held back at this address.
          expect((await wrongSignIn(api, freshEmail())).status).toBe(401);
        });

        it(
          store === 'redis'
            ? 'shares one bucket between two app instances'
            : 'keeps one bucket per instance (set REDIS_URL to share them)',
          async () => {
            const email = freshEmail();
            // Alternate instances: neither alone sees more than six attempts.
            for (let attempt = 1; attempt <= ALLOWED_ATTEMPTS; attempt++) {
              const response = await wrongSignIn(instance(attempt % 2 === 0 ? 0 : 1), email);
              expect(response.status, `attempt ${attempt}`).toBe(401);
            }
            const next = await wrongSignIn(instance(0), email);
            if (store === 'redis') {
              expectRateLimited(next);
              expectRateLimited(await wrongSignIn(instance(1), email));
            } else {
              expect(next.status).toBe(401);
            }
          },
        );
      });
    }
  });
}
