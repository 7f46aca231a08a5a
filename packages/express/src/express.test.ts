import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { ConfigError, createRateLimiter } from '@portcullis/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExpressAuthOptions } from './index.ts';
import { jwksHandler, portcullisRouter, principalOf, requireAuth } from './index.ts';
import { APP_ORIGIN, PASSWORD, testAuth } from './test-support/auth.ts';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(
  overrides: Partial<ExpressAuthOptions> = {},
  configure?: (app: express.Express) => void,
) {
  const { auth, codeFor } = testAuth();
  const options: ExpressAuthOptions = {
    allowedOrigins: [APP_ORIGIN],
    onError: () => undefined,
    ...overrides,
  };
  const app = express();
  configure?.(app);
  app.use('/auth', portcullisRouter(auth, options));
  app.post('/auth/custom', express.json(), (req, res) => {
    res.json({ echoed: req.body });
  });
  app.get('/.well-known/jwks.json', jwksHandler(auth));
  app.get('/api/whoami', requireAuth(auth, options), (_req, res) => {
    res.json({ principal: res.locals.portcullis });
  });
  app.post('/api/action', requireAuth(auth, options), (_req, res) => {
    res.json({ done: principalOf(res).userId });
  });
  app.get('/api/admin', requireAuth(auth, options, { scopes: ['admin'] }), (_req, res) => {
    res.send('admin');
  });

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });

  async function verifiedUser() {
    const email = `user-${crypto.randomUUID()}@example.com`;
    await post('/auth/sign-up', { email, password: PASSWORD });
    expect((await post('/auth/verify-email', { email, code: codeFor(email) })).status).toBe(200);
    return { email, password: PASSWORD };
  }

  async function cookieUser() {
    const user = await verifiedUser();
    const response = await post('/auth/sign-in', user, { origin: APP_ORIGIN });
    const cookie = response.headers
      .getSetCookie()
      .find((value) => value.startsWith('__Host-portcullis_session='));
    const body = (await response.json()) as { user: { id: string } };
    return { ...user, userId: body.user.id, cookie: cookie?.split(';')[0] ?? '' };
  }

  return { url, call, post, verifiedUser, cookieUser };
}

/** A request with repeated header lines, which fetch cannot send. */
function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: string,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('portcullisRouter', () => {
  it('runs the cookie flow end to end over a real socket', async () => {
    const { call, post, verifiedUser } = await start();
    const user = await verifiedUser();
    const signIn = await post('/auth/sign-in', user, { origin: APP_ORIGIN });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    expect(signIn.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const [cookie] = signIn.headers.getSetCookie();
    expect(cookie).toMatch(
      /^__Host-portcullis_session=[\w-]+\.[\w-]+; Max-Age=259(2000|1999); Path=\/; Secure; HttpOnly; SameSite=Lax$/,
    );
    // The socket peer, IPv4-mapped form normalised.
    expect(await signIn.json()).toMatchObject({ session: { ip: '127.0.0.1' } });

    const session = cookie?.split(';')[0] ?? '';
    expect((await call('/auth/me', { headers: { cookie: session } })).status).toBe(200);
    const signOut = await call('/auth/sign-out', {
      method: 'POST',
      headers: { cookie: session, origin: APP_ORIGIN },
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.getSetCookie()[0]).toMatch(/^__Host-portcullis_session=; Max-Age=0/);
    expect((await call('/auth/me', { headers: { cookie: session } })).status).toBe(401);
  });

  it('runs the bearer flow and refuses a replayed refresh token', async () => {
    const { call, post, verifiedUser } = await start();
    const user = await verifiedUser();
    const tokens = (await (await post('/auth/sign-in', { ...user, mode: 'bearer' })).json()) as {
      accessToken: string;
      refreshToken: string;
    };
    expect(
      (await call('/auth/me', { headers: { authorization: `Bearer ${tokens.accessToken}` } }))
        .status,
    ).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(200);
    const replay = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'replay_detected' } });
  });

  it('caps the body at 64 KiB (declared or streamed) and closes the connection', async () => {
    const { call, post } = await start();
    const declared = await post('/auth/sign-in', {
      email: 'a@example.com',
      password: 'x'.repeat(70 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    expect(await declared.json()).toMatchObject({ error: { code: 'payload_too_large' } });

    const chunk = new TextEncoder().encode(`{"email":"${'a'.repeat(40 * 1024)}`);
    const streamed = await call('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The server still answers afterwards.
    expect((await call('/auth/me')).status).toBe(401);
  });

  it('answers 400 for invalid JSON and non-object bodies, 415 for other media types', async () => {
    const { call } = await start();
    const send = (body: string, contentType: string) =>
      call('/auth/sign-in', { method: 'POST', body, headers: { 'content-type': contentType } });
    const invalid = await send('{"email":', 'application/json');
    expect([
      invalid.status,
      ((await invalid.json()) as { error: { code: string } }).error.code,
    ]).toEqual([400, 'invalid_json']);
    for (const body of ['[]', '"x"', 'null', '7'])
      expect((await send(body, 'application/json')).status).toBe(400);
    expect((await send('email=a', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await send('{}', 'text/plain')).status).toBe(415);
  });

  it('uses a body an earlier express.json() already parsed', async () => {
    const { post, verifiedUser } = await start({}, (app) => app.use(express.json()));
    const user = await verifiedUser();
    expect((await post('/auth/sign-in', user)).status).toBe(200);
  });

  it('refuses a form body an earlier express.urlencoded() parsed, with 415 like Hono', async () => {
    const { call, verifiedUser } = await start({}, (app) =>
      app.use(express.urlencoded({ extended: false })),
    );
    const user = await verifiedUser();
    // A cross-site <form> post: the JSON-only rule must hold whoever parsed the body.
    const form = await call('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(user).toString(),
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect(form.headers.getSetCookie()).toEqual([]);
    // Requests without a body are unaffected by the earlier parser.
    expect((await call('/auth/me')).status).toBe(401);
  });

  it('marks body refusals (400, 413, 415) no-store like every other auth answer', async () => {
    const { call } = await start({ maxBodyBytes: 64 });
    for (const [body, contentType, status] of [
      ['{"email":', 'application/json', 400],
      ['x'.repeat(100), 'application/json', 413],
      ['{}', 'text/plain', 415],
    ] as const) {
      const response = await call('/auth/sign-in', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control'), String(status)).toBe('no-store');
    }
  });

  it('refuses a maxBodyBytes that would lift the cap (NaN, Infinity, negative) at creation', () => {
    const { auth } = testAuth();
    for (const maxBodyBytes of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => portcullisRouter(auth, { allowedOrigins: [APP_ORIGIN], maxBodyBytes })).toThrow(
        ConfigError,
      );
    }
  });

  it('reads repeated headers as Hono does: two Authorization lines are malformed, two Content-Types not JSON', async () => {
    const { url, post, verifiedUser } = await start();
    const user = await verifiedUser();
    const { accessToken } = (await (
      await post('/auth/sign-in', { ...user, mode: 'bearer' })
    ).json()) as { accessToken: string };
    const authorization = [`Bearer ${accessToken}`, 'Bearer other'];
    for (const path of ['/auth/me', '/api/whoami']) {
      const response = await rawRequest(url, 'GET', path, { authorization });
      expect(response.status, path).toBe(401);
      expect(JSON.parse(response.body), path).toMatchObject({ error: { code: 'invalid_token' } });
    }
    const mixed = await rawRequest(
      url,
      'POST',
      '/auth/password/forgot',
      { 'content-type': ['application/json', 'text/plain'] },
      JSON.stringify({ email: user.email }),
    );
    expect(mixed.status).toBe(415);
  });

  it('passes other paths under the mount point on with their body unread', async () => {
    const { call, post } = await start();
    expect(await (await post('/auth/custom', { hello: 'world' })).json()).toEqual({
      echoed: { hello: 'world' },
    });
    expect((await call('/auth/nothing-here')).status).toBe(404);
  });

  it('keeps cookies the app set earlier next to the session cookie', async () => {
    const { post, verifiedUser } = await start({}, (app) =>
      app.use((_req, res, next) => {
        res.cookie('theme', 'dark');
        next();
      }),
    );
    const user = await verifiedUser();
    const cookies = (await post('/auth/sign-in', user)).headers.getSetCookie();
    expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual([
      'theme',
      '__Host-portcullis_session',
    ]);
  });

  it('enforces CSRF on cookie requests and login CSRF on sign-in', async () => {
    const { call, post, cookieUser } = await start();
    const user = await cookieUser();
    const forged = await call('/auth/sessions/revoke-others', {
      method: 'POST',
      headers: { cookie: user.cookie, origin: 'https://evil.test' },
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'csrf_rejected' } });
    const loginCsrf = await post(
      '/auth/sign-in',
      { email: user.email, password: user.password },
      { origin: 'https://evil.test' },
    );
    expect(loginCsrf.status).toBe(403);
    expect(loginCsrf.headers.getSetCookie()).toEqual([]);
  });

  it('answers malformed Authorization headers with 401 invalid_token', async () => {
    const { call } = await start();
    for (const authorization of [
      'Bearer',
      'Basic abc',
      'Bearer a b',
      `Bearer ${'a'.repeat(9000)}`,
    ]) {
      const response = await call('/auth/me', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
  });

  it('ignores X-Forwarded-For from an untrusted peer, even with Express trust proxy on', async () => {
    const spoofable = await start({}, (app) => app.set('trust proxy', true));
    const user = await spoofable.verifiedUser();
    const spoofed = await spoofable.post('/auth/sign-in', user, { 'x-forwarded-for': '6.6.6.6' });
    expect(await spoofed.json()).toMatchObject({ session: { ip: '127.0.0.1' } });

    const behindProxy = await start({ trustedProxies: ['127.0.0.1'] });
    const other = await behindProxy.verifiedUser();
    const proxied = await behindProxy.post('/auth/sign-in', other, {
      'x-forwarded-for': '6.6.6.6, 198.51.100.3',
    });
    expect(await proxied.json()).toMatchObject({ session: { ip: '198.51.100.3' } });
  });

  it('passes the rate limiter through: 429 with Retry-After, spoofed X-Forwarded-For or not', async () => {
    const rateLimiter = createRateLimiter({
      store: createMemoryRateLimitStore(),
      secret: new Uint8Array(32).fill(9),
      rules: { sign_in: [{ by: 'ip_email', policy: { capacity: 2, refillPerSecond: 1 / 90 } }] },
    });
    const { post } = await start({ rateLimiter }, (app) => app.set('trust proxy', true));
    const guess = { email: 'target@example.com', password: 'not the password' };
    for (const forwarded of ['192.0.2.1', '192.0.2.2']) {
      const response = await post('/auth/sign-in', guess, { 'x-forwarded-for': forwarded });
      expect(response.status).toBe(401);
    }
    const refused = await post('/auth/sign-in', guess, { 'x-forwarded-for': '192.0.2.3' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('90');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('serves the JWKS', async () => {
    const { call } = await start();
    const response = await call('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
  });
});

describe('requireAuth', () => {
  it('answers 401 without credentials and sets res.locals.portcullis with them', async () => {
    const { call, cookieUser } = await start();
    const none = await call('/api/whoami');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const user = await cookieUser();
    const ok = await call('/api/whoami', { headers: { cookie: user.cookie } });
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
    const { call, cookieUser } = await start();
    const user = await cookieUser();
    expect(
      (
        await call('/api/action', {
          method: 'POST',
          headers: { cookie: user.cookie, origin: 'https://evil.test' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('/api/action', { method: 'POST', headers: { cookie: user.cookie } })).status,
    ).toBe(403);
    const fine = await call('/api/action', {
      method: 'POST',
      headers: { cookie: user.cookie, origin: APP_ORIGIN },
    });
    expect(await fine.json()).toEqual({ done: user.userId });
  });

  it('answers 403 insufficient_scope when the principal lacks a required scope', async () => {
    const { call, cookieUser } = await start();
    const user = await cookieUser();
    const response = await call('/api/admin', { headers: { cookie: user.cookie } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'insufficient_scope' } });
  });

  it('refuses invalid options when created', () => {
    const { auth } = testAuth();
    expect(() => requireAuth(auth, { allowedOrigins: ['*'] })).toThrow();
    expect(() =>
      portcullisRouter(auth, {
        allowedOrigins: [APP_ORIGIN],
        cookie: { name: '__Host-s', secure: false },
      }),
    ).toThrow();
  });
});
