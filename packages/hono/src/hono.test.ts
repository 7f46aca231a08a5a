import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { ConfigError, createRateLimiter } from '@portcullis/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { HonoAuthOptions, PortcullisEnv } from './index.ts';
import { jwksHandler, portcullisRoutes, requireAuth } from './index.ts';
import { APP_ORIGIN, PASSWORD, testAuth } from './test-support/auth.ts';

function setup(overrides: Partial<HonoAuthOptions> = {}) {
  const { auth, codeFor } = testAuth();
  const options: HonoAuthOptions = {
    allowedOrigins: [APP_ORIGIN],
    onError: () => undefined,
    ...overrides,
  };
  const app = new Hono<PortcullisEnv>();
  app.route('/auth', portcullisRoutes(auth, options));
  app.post('/auth/custom', async (c) => c.json({ echoed: await c.req.json() }));
  app.get('/.well-known/jwks.json', jwksHandler(auth));
  app.get('/api/whoami', requireAuth(auth, options), (c) =>
    c.json({ principal: c.get('portcullis') }),
  );
  app.post('/api/action', requireAuth(auth, options), (c) =>
    c.json({ done: c.get('portcullis').userId }),
  );
  app.get('/api/admin', requireAuth(auth, options, { scopes: ['admin'] }), (c) => c.text('admin'));

  const env = (remoteAddress = '203.0.113.10') => ({ incoming: { socket: { remoteAddress } } });
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    remote?: string,
  ) =>
    app.request(
      path,
      {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      },
      env(remote),
    );

  async function verifiedUser() {
    const email = `user-${crypto.randomUUID()}@example.com`;
    await post('/auth/sign-up', { email, password: PASSWORD });
    const verified = await post('/auth/verify-email', { email, code: codeFor(email) });
    expect(verified.status).toBe(200);
    return { email, password: PASSWORD };
  }

  async function cookieUser() {
    const user = await verifiedUser();
    const response = await post('/auth/sign-in', user, { origin: APP_ORIGIN });
    const token = /__Host-portcullis_session=([^;]+)/.exec(
      response.headers.get('set-cookie') ?? '',
    )?.[1];
    if (!token) throw new Error('no cookie');
    const body = (await response.json()) as { user: { id: string } };
    return { ...user, userId: body.user.id, cookie: `__Host-portcullis_session=${token}` };
  }

  return { app, auth, env, post, verifiedUser, cookieUser };
}

describe('portcullisRoutes', () => {
  it('runs the cookie flow end to end with JSON bodies and Set-Cookie', async () => {
    const { app, env, post, verifiedUser } = setup();
    const user = await verifiedUser();
    const signIn = await post('/auth/sign-in', user, { origin: APP_ORIGIN });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    expect(signIn.headers.get('set-cookie')).toMatch(
      /^__Host-portcullis_session=[\w-]+\.[\w-]+; Max-Age=259(2000|1999); Path=\/; Secure; HttpOnly; SameSite=Lax$/,
    );
    const body = (await signIn.json()) as { session: { expiresAt: string; ip: string } };
    expect(body.session.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.session.ip).toBe('203.0.113.10');

    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const me = await app.request('/auth/me', { headers: { cookie } }, env());
    expect(me.status).toBe(200);
    const signOut = await app.request(
      '/auth/sign-out',
      { method: 'POST', headers: { cookie, origin: APP_ORIGIN } },
      env(),
    );
    expect(signOut.status).toBe(204);
    expect(await signOut.text()).toBe('');
    expect(signOut.headers.get('set-cookie')).toMatch(/^__Host-portcullis_session=; Max-Age=0/);
    expect((await app.request('/auth/me', { headers: { cookie } }, env())).status).toBe(401);
  });

  it('runs the bearer flow and refuses a replayed refresh token', async () => {
    const { app, env, post, verifiedUser } = setup();
    const user = await verifiedUser();
    const signIn = await post('/auth/sign-in', { ...user, mode: 'bearer' });
    const tokens = (await signIn.json()) as { accessToken: string; refreshToken: string };
    expect(signIn.headers.get('set-cookie')).toBeNull();
    const me = await app.request(
      '/auth/me',
      { headers: { authorization: `Bearer ${tokens.accessToken}` } },
      env(),
    );
    expect(me.status).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(200);
    const replay = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'replay_detected' } });
  });

  it('caps the body: 413 over 64 KiB by default or over maxBodyBytes', async () => {
    const { post } = setup();
    const big = await post('/auth/sign-in', {
      email: 'a@example.com',
      password: 'x'.repeat(70 * 1024),
    });
    expect(big.status).toBe(413);
    // The rest of the body was not read: the connection must not carry another request.
    expect(big.headers.get('connection')).toBe('close');
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const small = setup({ maxBodyBytes: 100 });
    expect(
      (await small.post('/auth/sign-in', { email: 'a@example.com', password: 'p'.repeat(120) }))
        .status,
    ).toBe(413);
  });

  it('answers 400 for invalid JSON and non-object bodies, 415 for non-JSON media types', async () => {
    const { app, env } = setup();
    const send = (body: string, contentType: string) =>
      app.request(
        '/auth/sign-in',
        { method: 'POST', body, headers: { 'content-type': contentType } },
        env(),
      );
    const invalid = await send('{"email":', 'application/json');
    expect([
      invalid.status,
      ((await invalid.json()) as { error: { code: string } }).error.code,
    ]).toEqual([400, 'invalid_json']);
    for (const body of ['[]', '"x"', 'null', '7'])
      expect((await send(body, 'application/json')).status).toBe(400);
    const form = await send('email=a%40b.c&password=x', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const plain = await send('{"email":"a@b.c","password":"x"}', 'text/plain');
    expect(plain.status).toBe(415);
  });

  it('marks body refusals (400, 413, 415) no-store like every other auth answer', async () => {
    const { app, env } = setup({ maxBodyBytes: 64 });
    const send = (body: string, contentType: string) =>
      app.request(
        '/auth/sign-in',
        { method: 'POST', body, headers: { 'content-type': contentType } },
        env(),
      );
    for (const [body, contentType, status] of [
      ['{"email":', 'application/json', 400],
      ['x'.repeat(100), 'application/json', 413],
      ['{}', 'text/plain', 415],
    ] as const) {
      const response = await send(body, contentType);
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control'), String(status)).toBe('no-store');
    }
  });

  it('refuses a maxBodyBytes that would lift the cap (NaN, Infinity, negative) at creation', () => {
    const { auth } = testAuth();
    for (const maxBodyBytes of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => portcullisRoutes(auth, { allowedOrigins: [APP_ORIGIN], maxBodyBytes })).toThrow(
        ConfigError,
      );
    }
  });

  it('refuses a repeated Authorization header as malformed rather than picking one', async () => {
    const { app, env, post, verifiedUser } = setup();
    const user = await verifiedUser();
    const { accessToken } = (await (
      await post('/auth/sign-in', { ...user, mode: 'bearer' })
    ).json()) as { accessToken: string };
    const headers = new Headers();
    headers.append('authorization', `Bearer ${accessToken}`);
    headers.append('authorization', 'Bearer other');
    const response = await app.request('/auth/me', { headers }, env());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('passes other paths under the mount point to the app with their body unread', async () => {
    const { post, app, env } = setup();
    const custom = await post('/auth/custom', { hello: 'world' });
    expect(await custom.json()).toEqual({ echoed: { hello: 'world' } });
    expect((await app.request('/auth/nothing-here', {}, env())).status).toBe(404);
  });

  it('enforces CSRF on cookie requests and login CSRF on sign-in', async () => {
    const { app, env, post, cookieUser } = setup();
    const user = await cookieUser();
    const forged = await app.request(
      '/auth/sign-out',
      { method: 'POST', headers: { cookie: user.cookie, origin: 'https://evil.test' } },
      env(),
    );
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'csrf_rejected' } });
    const loginCsrf = await post(
      '/auth/sign-in',
      { email: user.email, password: user.password },
      { origin: 'null' },
    );
    expect(loginCsrf.status).toBe(403);
    expect(loginCsrf.headers.get('set-cookie')).toBeNull();
  });

  it('answers malformed Authorization headers with 401 invalid_token', async () => {
    const { app, env } = setup();
    for (const authorization of ['Bearer', 'Basic abc', `Bearer ${'a'.repeat(10_000)}`]) {
      const response = await app.request('/auth/me', { headers: { authorization } }, env());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
  });

  it('uses the socket address, trusting X-Forwarded-For only from configured proxies', async () => {
    const direct = setup();
    const user = await direct.verifiedUser();
    const spoofed = await direct.post(
      '/auth/sign-in',
      user,
      { 'x-forwarded-for': '1.2.3.4' },
      '198.51.100.5',
    );
    expect(await spoofed.json()).toMatchObject({ session: { ip: '198.51.100.5' } });

    const proxied = setup({ trustedProxies: ['10.0.0.0/8'] });
    const other = await proxied.verifiedUser();
    const viaProxy = await proxied.post(
      '/auth/sign-in',
      other,
      { 'x-forwarded-for': '1.2.3.4, 198.51.100.9' },
      '::ffff:10.1.2.3',
    );
    expect(await viaProxy.json()).toMatchObject({ session: { ip: '198.51.100.9' } });

    const custom = setup({ remoteAddress: () => '192.0.2.44' });
    const third = await custom.verifiedUser();
    expect(await (await custom.post('/auth/sign-in', third)).json()).toMatchObject({
      session: { ip: '192.0.2.44' },
    });
  });

  it('still checks a body that earlier middleware already read through Hono', async () => {
    const { auth, codeFor } = testAuth();
    const app = new Hono();
    app.use('*', async (c, next) => {
      if (c.req.method === 'POST') await c.req.text();
      await next();
    });
    app.route(
      '/auth',
      portcullisRoutes(auth, { allowedOrigins: [APP_ORIGIN], maxBodyBytes: 1024 }),
    );
    const post = (path: string, body: string, contentType = 'application/json') =>
      app.request(path, { method: 'POST', body, headers: { 'content-type': contentType } });
    const email = 'pre-read@example.com';
    expect(
      (await post('/auth/sign-up', JSON.stringify({ email, password: PASSWORD }))).status,
    ).toBe(202);
    expect(
      (await post('/auth/verify-email', JSON.stringify({ email, code: codeFor(email) }))).status,
    ).toBe(200);
    expect(
      (await post('/auth/sign-in', JSON.stringify({ email, password: PASSWORD }))).status,
    ).toBe(200);
    expect(
      (await post('/auth/sign-in', JSON.stringify({ email, password: 'x'.repeat(2000) }))).status,
    ).toBe(413);
    expect((await post('/auth/sign-in', '{}', 'text/plain')).status).toBe(415);
  });

  it('works under a parameterised mount point', async () => {
    const { auth } = testAuth();
    const app = new Hono();
    app.route('/tenants/:tenant/auth', portcullisRoutes(auth, { allowedOrigins: [APP_ORIGIN] }));
    const response = await app.request('/tenants/acme/auth/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('passes the rate limiter through: 429 with Retry-After, counted by socket address', async () => {
    const rateLimiter = createRateLimiter({
      store: createMemoryRateLimitStore(),
      secret: new Uint8Array(32).fill(9),
      rules: { sign_in: [{ by: 'ip_email', policy: { capacity: 2, refillPerSecond: 1 / 90 } }] },
    });
    const { post } = setup({ rateLimiter });
    const guess = { email: 'target@example.com', password: 'not the password' };
    for (const _ of [1, 2]) expect((await post('/auth/sign-in', guess)).status).toBe(401);
    const refused = await post('/auth/sign-in', guess, { 'x-forwarded-for': '192.0.2.1' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('90');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another socket address has its own bucket for the same email.
    expect((await post('/auth/sign-in', guess, {}, '198.51.100.77')).status).toBe(401);
  });

  it('serves the JWKS', async () => {
    const { app } = setup();
    const response = await app.request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
  });
});

describe('requireAuth', () => {
  it('answers 401 without credentials and sets c.get("portcullis") with them', async () => {
    const { app, env, cookieUser } = setup();
    const none = await app.request('/api/whoami', {}, env());
    expect(none.status).toBe(401);
    expect(none.headers.get('cache-control')).toBe('no-store');
    const user = await cookieUser();
    const ok = await app.request('/api/whoami', { headers: { cookie: user.cookie } }, env());
    expect(await ok.json()).toEqual({
      principal: {
        userId: user.userId,
        sessionId: expect.any(String),
        via: 'cookie',
        aal: 'aal1',
        scopes: [],
      },
    });
  });

  it('refuses a cookie-authenticated POST from a foreign or missing origin', async () => {
    const { app, env, cookieUser } = setup();
    const user = await cookieUser();
    const forged = await app.request(
      '/api/action',
      { method: 'POST', headers: { cookie: user.cookie, origin: 'https://evil.test' } },
      env(),
    );
    expect(forged.status).toBe(403);
    const bare = await app.request(
      '/api/action',
      { method: 'POST', headers: { cookie: user.cookie } },
      env(),
    );
    expect(bare.status).toBe(403);
    const fine = await app.request(
      '/api/action',
      { method: 'POST', headers: { cookie: user.cookie, origin: APP_ORIGIN } },
      env(),
    );
    expect(await fine.json()).toEqual({ done: user.userId });
  });

  it('answers 403 insufficient_scope when the principal lacks a required scope', async () => {
    const { app, env, cookieUser } = setup();
    const user = await cookieUser();
    const response = await app.request('/api/admin', { headers: { cookie: user.cookie } }, env());
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'insufficient_scope' } });
  });

  it('refuses invalid options and scopes when the middleware is created', () => {
    const { auth } = testAuth();
    expect(() => requireAuth(auth, { allowedOrigins: ['not an origin'] })).toThrow();
    expect(() =>
      requireAuth(auth, { allowedOrigins: [APP_ORIGIN] }, { scopes: ['bad "scope"'] }),
    ).toThrow();
    expect(() =>
      portcullisRoutes(auth, { allowedOrigins: [APP_ORIGIN], trustedProxies: ['x'] }),
    ).toThrow();
  });
});
