import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import type {
  PasswordHasher,
  RateLimitAction,
  RateLimitRule,
  RateLimitStore,
} from '@portcullis/core';
import {
  ConfigError,
  createAuthConfig,
  createPasswordHasher,
  createRateLimiter,
  InputError,
  StorageError,
} from '@portcullis/core';
import { testConfig } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { createAuthHandler } from './handler.ts';
import { HTTP_ERRORS } from './status.ts';
import type { HarnessOptions, TestRequest } from './test-support/harness.ts';
import { APP_ORIGIN, errorCode, httpHarness, PASSWORD } from './test-support/harness.ts';
import type { HttpResponse } from './types.ts';

/** `capacity` requests, then one more every `seconds`. */
const rule = (by: RateLimitRule['by'], capacity: number, seconds = 60): RateLimitRule => ({
  by,
  policy: { capacity, refillPerSecond: 1 / seconds },
});

/** A real hasher that counts its calls, to prove refused requests never reach argon2. */
function countingHasher(): { hasher: PasswordHasher; calls: () => number } {
  const inner = createPasswordHasher(createAuthConfig(testConfig));
  let calls = 0;
  return {
    hasher: {
      hash: (password) => {
        calls += 1;
        return inner.hash(password);
      },
      verify: (stored, password) => {
        calls += 1;
        return inner.verify(stored, password);
      },
      needsRehash: (stored) => inner.needsRehash(stored),
      algorithmOf: (stored) => inner.algorithmOf(stored),
    },
    calls: () => calls,
  };
}

function limited(
  options: NonNullable<HarnessOptions['rateLimits']>,
  extra: Omit<HarnessOptions, 'rateLimits'> = {},
) {
  const counting = countingHasher();
  const h = httpHarness({ ...extra, rateLimits: options, auth: { hasher: counting.hasher } });
  return { ...h, hashes: counting.calls };
}

const post = (path: string, body: unknown): TestRequest => ({ method: 'POST', path, body });

const signIn = (email: string, password: string, more: Partial<TestRequest> = {}): TestRequest => ({
  method: 'POST',
  path: '/sign-in',
  body: { email, password },
  ...more,
});

/** Everything a client can observe of a response. */
const observable = (response: HttpResponse) => ({
  status: response.status,
  headers: response.headers,
  setCookies: response.setCookies,
  body: response.body,
});

describe('rate limiting at the HTTP boundary', () => {
  it('answers 429 rate_limited with Retry-After and no-store once the bucket is empty, before hashing', async () => {
    const h = limited({ rules: { sign_in: [rule('ip_email', 3)] } });
    const user = await h.verifiedUser();
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrong = await h.send(signIn(user.email, 'wrong password!'));
      expect([wrong.status, errorCode(wrong)]).toEqual([401, 'invalid_credentials']);
    }
    const hashesBefore = h.hashes();
    const eventsBefore = h.events.length;
    // Even the right password is refused now: the limit is on guessing, not on failing.
    const refused = await h.send(signIn(user.email, user.password));
    expect(refused).toEqual({
      status: 429,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'retry-after': '60',
        'cache-control': 'no-store',
      },
      setCookies: [],
      body: { error: { code: 'rate_limited', message: HTTP_ERRORS.rate_limited.message } },
    });
    expect(h.hashes()).toBe(hashesBefore);
    expect(h.events).toHaveLength(eventsBefore);
    expect(await h.repos.sessions.listByUser(user.userId)).toEqual([]);
  });

  it('refills with the clock: Retry-After is exactly how long to wait', async () => {
    const h = limited({ rules: { sign_in: [rule('ip_email', 2, 30)] } });
    const user = await h.verifiedUser();
    await h.send(signIn(user.email, 'wrong password!'));
    await h.send(signIn(user.email, 'wrong password!'));
    expect((await h.send(signIn(user.email, user.password))).headers['retry-after']).toBe('30');
    h.clock.advance(29);
    const early = await h.send(signIn(user.email, user.password));
    expect([early.status, early.headers['retry-after']]).toEqual([429, '1']);
    h.clock.advance(1);
    const refilled = await h.send(signIn(user.email, user.password));
    expect(refilled.status).toBe(200);
    // One token came back, and it was just spent.
    expect((await h.send(signIn(user.email, user.password))).status).toBe(429);
  });

  it('answers an unknown email exactly like an existing one (no enumeration through 429s)', async () => {
    const h = limited({
      rules: { sign_in: [rule('ip_email', 2)], password_forgot: [rule('email', 2)] },
    });
    const user = await h.verifiedUser();
    const unknown = 'nobody-here@example.com';
    for (const [path, body] of [
      ['/sign-in', (email: string) => ({ email, password: 'wrong password!' })],
      ['/password/forgot', (email: string) => ({ email })],
    ] as const) {
      const known: unknown[] = [];
      const stranger: unknown[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const send = (email: string) => h.send({ method: 'POST', path, body: body(email) });
        known.push(observable(await send(user.email)));
        stranger.push(observable(await send(unknown)));
      }
      expect(stranger, path).toEqual(known);
      expect(
        known.map((entry) => (entry as HttpResponse).status),
        path,
      ).toEqual(path === '/sign-in' ? [401, 401, 429, 429] : [202, 202, 429, 429]);
    }
  });

  it('limits sign-in per address and email: a stranger cannot lock the owner out from elsewhere', async () => {
    const h = limited({
      rules: { sign_in: [rule('ip_email', 2), rule('email', 20), rule('ip', 20)] },
    });
    const user = await h.verifiedUser();
    const attacker = { remoteAddress: '198.51.100.66' };
    await h.send(signIn(user.email, 'wrong password!', attacker));
    await h.send(signIn(user.email, 'wrong password!', attacker));
    expect((await h.send(signIn(user.email, user.password, attacker))).status).toBe(429);
    // The attacker's other guesses and the owner at their own address still go through.
    const other = await h.send(signIn('someone-else@example.com', 'wrong password!', attacker));
    expect(other.status).toBe(401);
    const owner = await h.send(
      signIn(user.email, user.password, {
        remoteAddress: '192.0.2.44',
        headers: { origin: APP_ORIGIN },
      }),
    );
    expect(owner.status).toBe(200);
  });

  it('counts by email across addresses too, and normalises the email like sign-in does', async () => {
    const h = limited({ rules: { sign_in: [rule('email', 2)] } });
    const user = await h.verifiedUser();
    await h.send(signIn(user.email, 'wrong password!', { remoteAddress: '198.51.100.1' }));
    await h.send(
      signIn(user.email.toUpperCase(), 'wrong password!', { remoteAddress: '198.51.100.2' }),
    );
    const third = await h.send(signIn(user.email, user.password, { remoteAddress: '192.0.2.3' }));
    expect(third.status).toBe(429);
  });

  it('gives a spoofed X-Forwarded-For from an untrusted peer no fresh bucket', async () => {
    const h = limited(
      { rules: { sign_up: [rule('ip', 2)] } },
      { http: { trustedProxies: ['10.0.0.0/8'] } },
    );
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await h.send({
        method: 'POST',
        path: '/sign-up',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': `192.0.2.${attempt + 1}` },
        body: { email: `spoof-${attempt}@example.com`, password: PASSWORD },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
    // Control: behind a trusted proxy the forwarded client is the one counted.
    const viaProxy = await h.send({
      method: 'POST',
      path: '/sign-up',
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '192.0.2.200' },
      body: { email: 'proxied@example.com', password: PASSWORD },
    });
    expect(viaProxy.status).toBe(202);
  });

  it('fails closed: a broken store is a 500 reported to onError, and core is never called', async () => {
    const failure = new StorageError('connect ECONNREFUSED 127.0.0.1:6379');
    const broken: RateLimitStore = {
      take: () => Promise.reject(failure),
    };
    const h = limited({ store: broken });
    const hashesBefore = h.hashes();
    const response = await h.send({
      method: 'POST',
      path: '/sign-up',
      body: { email: 'during-outage@example.com', password: PASSWORD },
    });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: 'internal_error', message: HTTP_ERRORS.internal_error.message },
    });
    expect(JSON.stringify(response)).not.toContain('6379');
    expect(h.errors).toEqual([failure]);
    expect(h.hashes()).toBe(hashesBefore);
    expect(h.mailbox).toEqual([]);
  });

  it('answers 500, not 400, when the store throws an input error (the fault is the server’s)', async () => {
    const h = limited({
      store: {
        take: () => Promise.reject(new InputError([{ field: 'cost', problem: 'not_allowed' }])),
      },
    });
    const response = await h.send(signIn('a@example.com', 'wrong password!'));
    expect([response.status, errorCode(response)]).toEqual([500, 'internal_error']);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toBeInstanceOf(StorageError);
  });

  it('limits each route under its action, counting by the email wherever the body has one', async () => {
    const email = 'v@example.com';
    const cases: {
      readonly action: RateLimitAction;
      readonly countsEmail: boolean;
      readonly request: (n: number) => TestRequest;
    }[] = [
      {
        // The body's email is always passed on; the default sign_up rules ignore it.
        action: 'sign_up',
        countsEmail: true,
        request: (n) => post('/sign-up', { email: `new-${n}@example.com`, password: PASSWORD }),
      },
      {
        action: 'email_verification',
        countsEmail: true,
        request: () => post('/verify-email', { email, code: '000000' }),
      },
      {
        // A link token names no email before it is looked up: by address only.
        action: 'email_verification',
        countsEmail: false,
        request: () => post('/verify-email', { token: 'A'.repeat(43) }),
      },
      {
        action: 'email_verification',
        countsEmail: true,
        request: () => post('/verify-email/resend', { email }),
      },
      {
        action: 'password_forgot',
        countsEmail: true,
        request: () => post('/password/forgot', { email }),
      },
      {
        // The link's token names no email: by address only.
        action: 'password_reset',
        countsEmail: false,
        request: () => post('/password/reset', { token: 'A'.repeat(43), password: PASSWORD }),
      },
    ];
    for (const { action, countsEmail, request } of cases) {
      const label = `${request(0).path} ${JSON.stringify(request(0).body)}`;
      const byIp = limited({ rules: { [action]: [rule('ip', 1)] } });
      expect((await byIp.send(request(1))).status, label).not.toBe(429);
      expect((await byIp.send(request(2))).status, label).toBe(429);
      // Each request from a new address: only an email bucket can refuse the second.
      const byEmail = limited({ rules: { [action]: [rule('email', 1)] } });
      await byEmail.send({ ...request(1), remoteAddress: '192.0.2.1' });
      const again = await byEmail.send({ ...request(1), remoteAddress: '192.0.2.2' });
      expect(again.status === 429, label).toBe(countsEmail);
    }
  });

  it('limits password reset by address; an unknown token costs no hash', async () => {
    const h = limited({ rules: { password_reset: [rule('ip', 1)] } });
    const reset = post('/password/reset', { token: 'A'.repeat(43), password: PASSWORD });
    const before = h.hashes();
    const first = await h.send(reset);
    expect([first.status, errorCode(first)]).toEqual([400, 'invalid']);
    expect(h.hashes()).toBe(before);
    const second = await h.send(reset);
    expect([second.status, errorCode(second)]).toEqual([429, 'rate_limited']);
    expect(h.hashes()).toBe(before);
  });

  it('counts a malformed body against its sender like any attempt, and it never reaches core', async () => {
    const h = limited({ rules: { sign_in: [rule('ip', 4)] } });
    const bodies = [undefined, 'text', [1, 2], { email: 'a@example.com', mode: 'magic' }];
    for (const body of bodies) {
      const response = await h.send({ method: 'POST', path: '/sign-in', body });
      expect(response.status).toBe(400);
    }
    expect(h.hashes()).toBe(0);
    // A flood of garbage is limited too: the address has used its four tries.
    expect((await h.send(signIn('a@example.com', 'wrong password!'))).status).toBe(429);
    expect((await h.send({ method: 'POST', path: '/sign-in', body: 'text' })).status).toBe(429);
  });

  it('limits nothing when no rateLimiter is set', async () => {
    const h = httpHarness();
    for (let attempt = 0; attempt < 15; attempt++) {
      expect((await h.send(signIn('a@example.com', 'wrong password!'))).status).toBe(401);
    }
  });

  it('refuses a rateLimiter that is not one at creation', () => {
    const h = httpHarness();
    const store = createMemoryRateLimitStore();
    for (const rateLimiter of [{}, null, 'redis', { check: true }, { check: () => null }]) {
      expect(() =>
        createAuthHandler(h.auth, {
          allowedOrigins: [APP_ORIGIN],
          rateLimiter: rateLimiter as never,
        }),
      ).toThrow(ConfigError);
    }
    const real = createRateLimiter({ store, secret: h.deps.config.secret });
    expect(() =>
      createAuthHandler(h.auth, { allowedOrigins: [], rateLimiter: real }),
    ).not.toThrow();
  });
});
