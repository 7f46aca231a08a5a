/**
 * Test wiring: a real `createAuth` over the memory adapter with a hand-moved clock, a
 * mailbox, cheap argon2 parameters, and helpers to build `HttpRequest`s.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuthConfigInput, AuthMail, CreateAuthOptions } from '@portcullis/core';
import { createAuth } from '@portcullis/core';
import { createAuthHandler } from '../handler.ts';
import type { AuthHttpOptions, HttpRequest, HttpResponse } from '../types.ts';

export const APP_ORIGIN = 'https://app.example.com';
export const PASSWORD = 'correct horse battery staple';

export function fakeClock(start = new Date('2026-01-01T00:00:00.000Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

export const testConfig: AuthConfigInput = {
  secret: 'http-test-server-secret-of-32-bytes-or-more',
  issuer: 'https://auth.test',
  audience: 'https://api.test',
  accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(9) }] },
  password: { argon2: { memoryKiB: 256, iterations: 1, parallelism: 1 } },
};

export interface HarnessOptions {
  readonly http?: Partial<AuthHttpOptions>;
  readonly auth?: Partial<CreateAuthOptions>;
  readonly config?: Partial<AuthConfigInput>;
}

/** A wired Auth, its HTTP handler and helpers; every call builds independent state. */
export function httpHarness(options: HarnessOptions = {}) {
  const clock = fakeClock();
  const mailbox: AuthMail[] = [];
  const errors: unknown[] = [];
  const repos = options.auth?.repos ?? createMemoryRepositories();
  const auth = createAuth({
    config: { ...testConfig, ...options.config },
    repos,
    mailer: {
      async send(mail) {
        mailbox.push(mail);
      },
    },
    clock,
    ...options.auth,
  });
  const httpOptions: AuthHttpOptions = {
    allowedOrigins: [APP_ORIGIN],
    onError: (error) => void errors.push(error),
    ...options.http,
  };
  const handler = createAuthHandler(auth, httpOptions);

  /** Runs a request that must hit an auth route. */
  async function send(init: TestRequest): Promise<HttpResponse> {
    const response = await handler(request(init));
    if (!response) throw new Error(`no auth route for ${init.method ?? 'GET'} ${init.path}`);
    return response;
  }

  function lastMail<Type extends AuthMail['type']>(type: Type): Extract<AuthMail, { type: Type }> {
    const mail = mailbox
      .filter((item): item is Extract<AuthMail, { type: Type }> => item.type === type)
      .at(-1);
    if (!mail) throw new Error(`no ${type} mail`);
    return mail;
  }

  /** A verified account (through the HTTP routes). */
  async function verifiedUser(email = `user-${crypto.randomUUID()}@example.com`) {
    await send({ method: 'POST', path: '/sign-up', body: { email, password: PASSWORD } });
    const { code, userId } = lastMail('email_verification_code');
    const verified = await send({ method: 'POST', path: '/verify-email', body: { email, code } });
    if (verified.status !== 200) throw new Error('verification failed');
    return { email, password: PASSWORD, userId };
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
    return { ...user, token, cookie: `portcullis_session=${token}`, sessionId: body.session.id };
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
    repos,
    clock,
    mailbox,
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
  const cookie = response.setCookies.find((value) => value.startsWith('portcullis_session='));
  const token = cookie?.slice('portcullis_session='.length).split(';')[0];
  if (!token) throw new Error('no session cookie was set');
  return token;
}

/** The `error.code` of an error response. */
export function errorCode(response: HttpResponse): string | undefined {
  const body = response.body as { error?: { code?: string } } | undefined;
  return body?.error?.code;
}
