import { randomBytes, randomUUID } from 'node:crypto';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createAuth, deriveKeys } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import type { ExampleAuth } from '../src/auth.ts';
import { createExampleAuth } from '../src/auth.ts';
import { redisAddress } from '../src/rate-limits.ts';

const SECRET = 'an-example-secret-that-is-32-bytes-long';
/** A real Redis: CI provides REDIS_URL; locally the default port on loopback. */
const REDIS_URL = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

/** Takes `times` sign-in tokens for one address and email; true when every take passed. */
async function signInAttempts(example: ExampleAuth, email: string, times: number) {
  const limiter = example.httpOptions.rateLimiter;
  if (!limiter) throw new Error('no rate limiter');
  const results = [];
  for (let i = 0; i < times; i++) {
    results.push(await limiter.check('sign_in', { ip: '198.51.100.20', email }));
  }
  return results.map((result) => result.ok);
}

// Each call opens its own store and hashes with production argon2 parameters: allow time.
describe('createExampleAuth', { timeout: 90_000 }, () => {
  it('wires core to the dev mailbox and the HTTP options', async () => {
    const example = await createExampleAuth({ AUTH_SECRET: SECRET, PORT: '3100' });
    try {
      expect(example.httpOptions).toEqual({
        allowedOrigins: ['http://localhost:3100', 'http://127.0.0.1:3100'],
        trustedProxies: [],
        cookie: { secure: false },
        bearer: 'strict',
        stepUp: { maxAge: 900 },
        scopes: ['reports:read'],
        rateLimiter: { check: expect.any(Function), issueDeviceToken: expect.any(Function) },
        adminPolicy: expect.any(Function),
      });
      expect(example.storeKind).not.toBe('');
      expect(example.rateLimitKind).toBe('memory (this process)');
      await example.auth.signUp({ email: 'new@example.test', password: 'a long password' });
      const [mail] = await example.mailbox.settled();
      expect(mail).toMatchObject({ to: 'new@example.test', type: 'email_verification_code' });
      expect(mail?.code).toMatch(/^\d{6}$/);
      // Every event is kept: the audit log has the sign-up.
      const logged = await example.auth.listAuditEvents({ types: ['user.sign_up_pending'] });
      expect(logged.entries).toHaveLength(1);
    } finally {
      await example.close();
    }
  });

  it('signs access tokens with deriveKeys(AUTH_SECRET).accessTokenSecret, never the raw secret', async () => {
    const example = await createExampleAuth({ AUTH_SECRET: SECRET });
    try {
      const { issuer, audience } = example.settings;
      // A verifier keyed like the example would be, from a given secret's bytes.
      const keyedWith = (secret: Uint8Array) =>
        createAuth({
          config: {
            secret,
            issuer,
            audience,
            accessToken: { keys: [{ kid: 'example-hs256', alg: 'HS256', secret }] },
          },
          repos: createMemoryRepositories(),
          mailer: { send: async () => undefined },
        });
      const session = { userId: 'u1', sessionId: 's1', aal: 'aal1' } as const;
      const issued = await example.auth.internal.issueAccessToken(session);
      const derived = keyedWith((await deriveKeys(SECRET)).accessTokenSecret);
      expect((await derived.verifyAccessToken({ accessToken: issued.token })).ok).toBe(true);
      const otherSecret = keyedWith((await deriveKeys(`${SECRET}-other`)).accessTokenSecret);
      expect(await otherSecret.verifyAccessToken({ accessToken: issued.token })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      // A token signed with the raw AUTH_SECRET bytes is refused.
      const raw = keyedWith(new TextEncoder().encode(SECRET));
      const forged = await raw.internal.issueAccessToken(session);
      expect(await example.auth.verifyAccessToken({ accessToken: forged.token })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    } finally {
      await example.close();
    }
  });

  it('warns when it generates a development secret, and refuses production without one', async () => {
    const warnings: string[] = [];
    const example = await createExampleAuth({}, { warn: (message) => warnings.push(message) });
    expect(warnings.join('\n')).toMatch(/AUTH_SECRET is not set/);
    await example.close();
    await expect(createExampleAuth({ NODE_ENV: 'production' })).rejects.toThrow(/AUTH_SECRET/);
  });

  it('counts rate limits in this process by default: two instances keep separate buckets', async () => {
    const env = { AUTH_SECRET: randomBytes(32).toString('base64url') };
    const [one, two] = [await createExampleAuth(env), await createExampleAuth(env)];
    try {
      const email = `${randomUUID()}@example.test`;
      // The default sign-in rule allows 10 attempts per address and email.
      expect(await signInAttempts(one, email, 11)).toEqual([...Array(10).fill(true), false]);
      expect(await signInAttempts(two, email, 1)).toEqual([true]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('shares rate limits through Redis when REDIS_URL is set (real Redis)', async () => {
    const env = { AUTH_SECRET: randomBytes(32).toString('base64url'), REDIS_URL };
    const [one, two] = [await createExampleAuth(env), await createExampleAuth(env)];
    try {
      expect(one.rateLimitKind).toBe(`redis (${redisAddress(REDIS_URL)})`);
      const email = `${randomUUID()}@example.test`;
      expect(await signInAttempts(one, email, 10)).toEqual(Array(10).fill(true));
      // The other instance sees the same bucket, already empty.
      expect(await signInAttempts(two, email, 1)).toEqual([false]);
      // Buckets are keyed with AUTH_SECRET: another deployment on the same Redis is apart.
      const other = await createExampleAuth({ ...env, AUTH_SECRET: `${SECRET}-other` });
      expect(await signInAttempts(other, email, 1)).toEqual([true]);
      await other.close();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('refuses to start when REDIS_URL cannot be reached, naming the address but no password', async () => {
    const failure = await createExampleAuth({
      AUTH_SECRET: SECRET,
      REDIS_URL: 'redis://:hunter2@127.0.0.1:1',
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toMatch(/^Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
    expect(message).not.toContain('hunter2');
  });

  it('shows where Redis is without the user or password', () => {
    expect(redisAddress('rediss://app:hunter2@cache.internal:6380/1')).toBe('cache.internal:6380');
    expect(redisAddress('redis://:hunter2@[::1]')).toBe('[::1]:6379');
  });

  it('turns limits off only on RATE_LIMITS=off, with a warning, and never connects to Redis then', async () => {
    const warnings: string[] = [];
    const example = await createExampleAuth(
      { AUTH_SECRET: SECRET, RATE_LIMITS: 'off', REDIS_URL: 'redis://127.0.0.1:1' },
      { warn: (message) => warnings.push(message) },
    );
    expect(example.httpOptions.rateLimiter).toBeUndefined();
    expect(example.rateLimitKind).toBe('off');
    expect(warnings.join('\n')).toMatch(/RATE_LIMITS=off/);
    await example.close();
    await expect(
      createExampleAuth({
        NODE_ENV: 'production',
        AUTH_SECRET: SECRET,
        APP_ORIGIN: 'https://app.example',
        RATE_LIMITS: 'off',
      }),
    ).rejects.toThrow(/RATE_LIMITS cannot be off/);
  });
});
