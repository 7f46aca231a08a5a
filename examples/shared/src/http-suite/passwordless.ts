/**
 * Passwordless sign-in over HTTP: magic-link replay, tampering, expiry and a concurrent
 * double click; links built from APP_ORIGIN whatever Host a request forges; code brute
 * force stopped; known and unknown addresses answered alike; the mail caps.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { deriveKeys, signMagicLinkToken } from '@portcullis/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import type { ApiResponse } from './client.ts';
import { ApiClient, errorCode } from './client.ts';
import type { MailboxEntry } from './flows.ts';
import {
  COOKIE_NAME,
  freshEmail,
  latestMail,
  mailsTo,
  sessionCookie,
  verifiedUser,
} from './flows.ts';

/** The token in a mailed link's fragment. */
function tokenOf(link: string | undefined): string {
  const token = new URLSearchParams(new URL(link ?? '').hash.slice(1)).get('magic-link');
  if (!token) throw new Error(`no magic-link token in ${link}`);
  return token;
}

/** What a client can observe of an answer, less the date. */
function observable(response: ApiResponse) {
  const headers = [...response.headers].filter(([name]) => name !== 'date');
  return { status: response.status, headers, body: response.body, cookies: response.setCookies };
}

/** A differing last digit. */
const wrongCode = (code: string) => `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;

async function mailedLink(api: ApiClient, email: string): Promise<string> {
  const response = await api.post('/auth/magic-link', { email });
  expect([response.status, response.body]).toEqual([202, { status: 'link_sent' }]);
  return tokenOf((await latestMail(api, email, 'magic_link')).link);
}

/**
 * A request with a Host header of our choosing (fetch always sends the URL's own), plus
 * the X-Forwarded-Host and -Proto a proxy would add. Resolves with the status and JSON.
 */
function requestWithHost(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  host: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {
    host,
    'x-forwarded-host': host,
    'x-forwarded-proto': 'https',
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text && JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * The expiry case: it needs the server's AUTH_SECRET, to sign genuine claims with a past
 * expiry (the server's clock cannot be moved from outside).
 */
export function describeMagicLinkExpiry(api: () => ApiClient, secret: () => string): void {
  describe('passwordless sign-in: expiry', () => {
    it('an expired link is refused as expired, and spends nothing', async () => {
      const user = await verifiedUser(api());
      const token = await mailedLink(api(), user.email);
      const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
      // The same claims, genuinely signed with this server's key, but an hour in the past.
      const keys = await deriveKeys(secret());
      const expired = await signMagicLinkToken(keys.serverSecret, {
        email: claims.e,
        nonce: claims.n,
        intent: claims.i,
        expiresAt: new Date(Date.now() - 3_600_000),
      });
      const late = await api().post('/auth/magic-link/consume', { token: expired });
      expect([late.status, errorCode(late)]).toEqual([400, 'link_expired']);
      const genuine = await api().post('/auth/magic-link/consume', { token });
      expect(genuine.status).toBe(200);
    });
  });
}

/**
 * The cases on a server with rate limits off and the dev mailbox on (both Node apps and
 * the Worker run them), where `passwordless.signUp` is on.
 */
export function describePasswordless(api: () => ApiClient): void {
  describe('passwordless sign-in', () => {
    it('a magic link signs in once by cookie; its replay is refused', async () => {
      const user = await verifiedUser(api());
      const token = await mailedLink(api(), user.email);
      const first = await api().post('/auth/magic-link/consume', { token });
      expect(first.status).toBe(200);
      const cookie = sessionCookie(first).pair;
      expect((await api().get('/auth/me', { cookie })).status).toBe(200);
      const replay = await api().post('/auth/magic-link/consume', { token });
      expect([replay.status, errorCode(replay)]).toEqual([400, 'invalid']);
      expect(replay.setCookies.some((c) => c.startsWith(`${COOKIE_NAME}=`))).toBe(false);
    });

    it('of two concurrent clicks exactly one signs in', async () => {
      const user = await verifiedUser(api());
      const token = await mailedLink(api(), user.email);
      const clicks = await Promise.all([
        api().post('/auth/magic-link/consume', { token }),
        api().post('/auth/magic-link/consume', { token, mode: 'bearer' }),
      ]);
      expect(clicks.map((click) => click.status).sort()).toEqual([200, 400]);
    });

    it('a tampered link is refused and spends nothing', async () => {
      const user = await verifiedUser(api());
      const token = await mailedLink(api(), user.email);
      const [payload = '', mac = ''] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const other = Buffer.from(JSON.stringify({ ...claims, e: freshEmail() })).toString(
        'base64url',
      );
      const tampered = await api().post('/auth/magic-link/consume', { token: `${other}.${mac}` });
      expect([tampered.status, errorCode(tampered)]).toEqual([400, 'invalid']);
      const genuine = await api().post('/auth/magic-link/consume', { token, mode: 'bearer' });
      expect(genuine.status).toBe(200);
    });

    it('a sign-up code creates the account once, verified and without a password', async () => {
      const email = freshEmail();
      await api().post('/auth/sign-in-code', { email });
      const { code = '' } = await latestMail(api(), email, 'sign_in_code');
      const first = await api().post('/auth/sign-in-code/verify', { email, code });
      expect(first.body).toMatchObject({
        status: 'signed_in',
        user: { email, emailVerified: true },
      });
      const again = await api().post('/auth/sign-in-code/verify', { email, code });
      expect(again.status).toBe(400);
    });

    it('a sign-up link creates the account once, verified and without a password', async () => {
      const email = freshEmail();
      const token = await mailedLink(api(), email);
      const first = await api().post('/auth/magic-link/consume', { token });
      expect(first.body).toMatchObject({
        status: 'signed_in',
        user: { email, emailVerified: true },
      });
      const again = await api().post('/auth/magic-link/consume', { token });
      expect(again.status).toBe(400);
    });

    it('a mailed code signs in once; brute force is stopped by the attempt limit', async () => {
      const user = await verifiedUser(api());
      const ask = await api().post('/auth/sign-in-code', { email: user.email });
      expect([ask.status, ask.body]).toEqual([202, { status: 'code_sent' }]);
      const { code = '' } = await latestMail(api(), user.email, 'sign_in_code');
      expect(code).toMatch(/^\d{6}$/);
      for (let guess = 0; guess < 5; guess++) {
        const wrong = await api().post('/auth/sign-in-code/verify', {
          email: user.email,
          code: wrongCode(code),
        });
        expect([wrong.status, errorCode(wrong)]).toEqual([400, 'invalid']);
      }
      const right = await api().post('/auth/sign-in-code/verify', { email: user.email, code });
      expect([right.status, errorCode(right)]).toEqual([400, 'invalid']);

      await api().post('/auth/sign-in-code', { email: user.email });
      const fresh = (await latestMail(api(), user.email, 'sign_in_code')).code ?? '';
      const signedIn = await api().post('/auth/sign-in-code/verify', {
        email: user.email,
        code: fresh,
        mode: 'bearer',
      });
      expect(signedIn.body).toMatchObject({ status: 'signed_in', accessToken: expect.any(String) });
      const reused = await api().post('/auth/sign-in-code/verify', {
        email: user.email,
        code: fresh,
      });
      expect(reused.status).toBe(400);
    });

    it('answers a known and an unknown address alike on every passwordless route', async () => {
      const user = await verifiedUser(api());
      const unknown = freshEmail();
      for (const [path, body] of [
        ['/auth/magic-link', (email: string) => ({ email })],
        ['/auth/sign-in-code', (email: string) => ({ email })],
        ['/auth/sign-in-code/verify', (email: string) => ({ email, code: '000000' })],
      ] as const) {
        const known = await api().post(path, body(user.email));
        const stranger = await api().post(path, body(unknown));
        expect(observable(stranger), path).toEqual(observable(known));
      }
      // The example turns passwordless.signUp on: the unknown address got a sign-up link and
      // a sign-up code, and the wrong guess at it was answered like the one for the account.
      expect((await mailsTo(api(), unknown)).map((mail) => mail.type).sort()).toEqual([
        'magic_link',
        'sign_in_code',
      ]);
    });
  });
}

/** The cases that need their own server: a forged Host, and the example's default limits. */
export function describePasswordlessLimits(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
): void {
  describe('passwordless links and limits', () => {
    const appOrigin = 'https://app.example.test';
    let server: { url: string; close(): Promise<void> } | undefined;
    beforeAll(async () => {
      server = await start({
        port: 0,
        env: {
          ...baseEnv,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
          APP_ORIGIN: appOrigin,
          DEV_MAILBOX: 'on',
          RATE_LIMITS: 'on',
          TRUSTED_PROXIES: '127.0.0.1,::1',
        },
      });
    }, 30_000);
    afterAll(async () => {
      await server?.close();
    });
    const api = () => {
      if (!server) throw new Error('the example server did not start');
      return new ApiClient(server.url);
    };
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

    /** Mails to `email`, newest first; the dev mailbox answers only its own host. */
    const mailsAt = async (email: string): Promise<MailboxEntry[]> => {
      const { status, json } = await requestWithHost(
        api().url,
        'GET',
        '/dev/mailbox.json',
        new URL(appOrigin).host,
      );
      expect(status).toBe(200);
      return ((json as { mails: MailboxEntry[] }).mails ?? []).filter((mail) => mail.to === email);
    };
    const accountFor = async () => {
      const email = freshEmail();
      await api().post('/auth/sign-up', {
        email,
        password: `pw-${randomBytes(8).toString('hex')}`,
      });
      const code = (await mailsAt(email))[0]?.code;
      expect((await api().post('/auth/verify-email', { email, code })).status).toBe(200);
      return email;
    };

    it('builds the link from APP_ORIGIN, never from a forged Host or X-Forwarded-Host', async () => {
      const email = await accountFor();
      const forged = await requestWithHost(api().url, 'POST', '/auth/magic-link', 'evil.example', {
        email,
      });
      expect(forged.status).toBe(202);
      const link = (await mailsAt(email)).find((mail) => mail.type === 'magic_link')?.link ?? '';
      expect(new URL(link).origin).toBe(appOrigin);
      expect(link).not.toContain('evil');
    });

    it('answers 202 past the mail cap and sends nothing more', async () => {
      const email = await accountFor();
      for (let n = 0; n < 5; n++) {
        const response = await api().request('POST', '/auth/magic-link', {
          json: { email },
          ...from(`198.51.100.${n + 20}`),
        });
        expect([response.status, response.body]).toEqual([202, { status: 'link_sent' }]);
      }
      const links = (await mailsAt(email)).filter((mail) => mail.type === 'magic_link');
      expect(links).toHaveLength(3);
    });

    it('refuses code guesses past the per-address-and-email limit with 429', async () => {
      const email = await accountFor();
      const statuses: number[] = [];
      for (let n = 0; n < 11; n++) {
        const response = await api().request('POST', '/auth/sign-in-code/verify', {
          json: { email, code: '123456' },
          ...from('198.51.100.99'),
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
    });
  });
}
