/**
 * Test wiring: `@portcullis/core/testing` over the memory adapter (hand-moved clock,
 * mailbox, cheap argon2), its HTTP handler, and helpers to build `HttpRequest`s.
 */
import { createMemoryRateLimitStore, createMemoryRepositories } from '@portcullis/adapter-memory';
import type {
  AuthConfigInput,
  RateLimiter,
  RateLimitRules,
  RateLimitStore,
} from '@portcullis/core';
import { createRateLimiter } from '@portcullis/core';
import type { TestAuthOptions } from '@portcullis/core/testing';
import { createTestAuth, TEST_PASSWORD } from '@portcullis/core/testing';
import { createAuthHandler } from '../handler.ts';
import type { AuthHttpOptions, HttpRequest, HttpResponse } from '../types.ts';

export const APP_ORIGIN = 'https://app.example.com';
export const PASSWORD = TEST_PASSWORD;

export interface HarnessOptions {
  readonly http?: Partial<AuthHttpOptions>;
  readonly auth?: Partial<Omit<TestAuthOptions, 'config'>>;
  readonly config?: Partial<AuthConfigInput>;
  /**
   * Wires `rateLimiter`: `createRateLimiter` over `store` (default a fresh memory store)
   * with these rules, on the harness clock, so `clock.advance` refills buckets.
   */
  readonly rateLimits?: {
    readonly rules?: Partial<RateLimitRules>;
    readonly store?: RateLimitStore;
  };
}

/** A wired Auth, its HTTP handler and helpers; every call builds independent state. */
export function httpHarness(options: HarnessOptions = {}) {
  const errors: unknown[] = [];
  const { auth, deps, repos, clock, mailbox, events, lastMail } = createTestAuth({
    repos: createMemoryRepositories(),
    ...options.auth,
    ...(options.config === undefined ? {} : { config: options.config }),
  });
  const limits = options.rateLimits;
  const rateLimiter: RateLimiter | undefined =
    limits === undefined
      ? undefined
      : createRateLimiter({
          store: limits.store ?? createMemoryRateLimitStore(),
          secret: deps.config.secret,
          clock: deps.clock,
          ...(limits.rules === undefined ? {} : { rules: limits.rules }),
        });
  const httpOptions: AuthHttpOptions = {
    allowedOrigins: [APP_ORIGIN],
    onError: (error) => void errors.push(error),
    ...(rateLimiter === undefined ? {} : { rateLimiter }),
    ...options.http,
  };
  const handler = createAuthHandler(auth, httpOptions);

  /** Runs a request that must hit an auth route. */
  async function send(init: TestRequest): Promise<HttpResponse> {
    const response = await handler(request(init));
    if (!response) throw new Error(`no auth route for ${init.method ?? 'GET'} ${init.path}`);
    return response;
  }

  /** A verified account (through the HTTP routes). */
  async function verifiedUser(email = `user-${crypto.randomUUID()}@example.com`) {
    await send({ method: 'POST', path: '/sign-up', body: { email, password: PASSWORD } });
    const { code } = lastMail('email_verification_code');
    const verified = await send({ method: 'POST', path: '/verify-email', body: { email, code } });
    if (verified.status !== 200) throw new Error('verification failed');
    const user = await repos.users.findByEmailKey(email);
    if (!user) throw new Error('no account after verification');
    return { email, password: PASSWORD, userId: user.id };
  }

  /** A verified user signed in by cookie: the cookie header value to send back. */
  async function cookieUser() {
    const user = await verifiedUser();
    const response = await send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN },
      body: { email: user.email, password: user.password },
    });
    const token = sessionTokenFrom(response);
    const body = response.body as { session: { id: string } };
    return {
      ...user,
      token,
      cookie: `__Host-portcullis_session=${token}`,
      sessionId: body.session.id,
    };
  }

  /** A verified user signed in in bearer mode. */
  async function bearerUser() {
    const user = await verifiedUser();
    const response = await send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password, mode: 'bearer' },
    });
    const body = response.body as {
      accessToken: string;
      refreshToken: string;
      session: { id: string };
    };
    return {
      ...user,
      accessToken: body.accessToken,
      refreshToken: body.refreshToken,
      sessionId: body.session.id,
      authorization: `Bearer ${body.accessToken}`,
    };
  }

  return {
    auth,
    deps,
    repos,
    clock,
    mailbox,
    events,
    errors,
    handler,
    httpOptions,
    send,
    lastMail,
    verifiedUser,
    cookieUser,
    bearerUser,
  };
}

export interface TestRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly remoteAddress?: string;
}

/** An `HttpRequest` with a case-insensitive header lookup, as the bindings build. */
export function request(init: TestRequest): HttpRequest {
  const headers = new Headers(init.headers);
  return {
    method: init.method ?? 'GET',
    path: init.path,
    headers: { get: (name) => headers.get(name) },
    body: init.body,
    remoteAddress: init.remoteAddress ?? '203.0.113.7',
  };
}

/** The session token from a sign-in's `Set-Cookie`. */
export function sessionTokenFrom(response: HttpResponse): string {
  const cookie = response.setCookies.find((value) =>
    value.startsWith('__Host-portcullis_session='),
  );
  const token = cookie?.slice('__Host-portcullis_session='.length).split(';')[0];
  if (!token) throw new Error('no session cookie was set');
  return token;
}

/** The `error.code` of an error response. */
export function errorCode(response: HttpResponse): string | undefined {
  const body = response.body as { error?: { code?: string } } | undefined;
  return body?.error?.code;
}
