/**
 * Rate limits a stranger cannot turn against an account's owner, over HTTP with the
 * example's default rules. The server trusts 127.0.0.1 as a proxy, so each request can
 * name its client address in X-Forwarded-For, as requests from many addresses would reach
 * an app behind a load balancer.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import { ApiClient, errorCode, text } from './client.ts';
import { freshEmail, mailsTo, verifiedUser } from './flows.ts';

/** Plain-http development cookies cannot carry the `__Host-` prefix. */
const DEVICE_COOKIE = 'portcullis_device';

export function describeOwnerProofLimits(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
) {
  describe('rate limits a stranger cannot turn against the owner', () => {
    let server: { url: string; close(): Promise<void> } | undefined;
    beforeAll(async () => {
      server = await start({
        port: 0,
        env: {
          ...baseEnv,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
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
    const from = (ip: string, cookie?: string) => ({
      headers: { 'x-forwarded-for': ip, ...(cookie === undefined ? {} : { cookie }) },
    });
    const signIn = (email: string, password: string, ip: string, cookie?: string) =>
      api().request('POST', '/auth/sign-in', { json: { email, password }, ...from(ip, cookie) });

    it('a stranger’s 50 guesses from five addresses lock out unknown browsers, not the owner’s', async () => {
      const user = await verifiedUser(api());
      const first = await signIn(user.email, user.password, '192.0.2.10');
      expect(first.status).toBe(200);
      const header = first.setCookies.find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
      expect(header).toMatch(/; HttpOnly; SameSite=Strict$/);
      const device = header?.split(';')[0] ?? '';

      for (let guess = 0; guess < 49; guess++) {
        const wrong = await signIn(user.email, `guess-${guess}`, `198.51.100.${guess % 5}`);
        expect(wrong.status, `guess ${guess}`).toBe(401);
      }
      const locked = await signIn(user.email, user.password, '192.0.2.10');
      expect([locked.status, errorCode(locked)]).toEqual([429, 'rate_limited']);
      const owner = await signIn(user.email, user.password, '192.0.2.10', device);
      expect(owner.status).toBe(200);
      // Fifty real argon2 verifications on a shared machine.
    }, 180_000);

    it('forgot-password: the same 202 beyond the mail cap, and the owner’s device still gets a mail', async () => {
      const user = await verifiedUser(api());
      const signedIn = await signIn(user.email, user.password, '192.0.2.20');
      const device =
        signedIn.setCookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`))?.split(';')[0] ?? '';
      const forgot = (email: string, ip: string, cookie?: string) =>
        api().request('POST', '/auth/password/forgot', { json: { email }, ...from(ip, cookie) });
      for (let attempt = 0; attempt < 5; attempt++) {
        for (const email of [user.email, freshEmail()]) {
          const response = await forgot(email, `198.51.100.${attempt}`);
          expect([response.status, response.body]).toEqual([202, { status: 'reset_requested' }]);
        }
      }
      const resets = async () =>
        (await mailsTo(api(), user.email)).filter((mail) => mail.type === 'password_reset');
      expect(await resets()).toHaveLength(3);
      const owner = await forgot(user.email, '192.0.2.20', device);
      expect(owner.status).toBe(202);
      expect(await resets()).toHaveLength(4);
    });

    it('counts every IPv6 address of one /64 as one client', async () => {
      const signUp = (ip: string) =>
        api().request('POST', '/auth/sign-up', {
          json: { email: freshEmail(), password: `pw-${randomBytes(8).toString('hex')}` },
          ...from(ip),
        });
      // The default sign_up rule: 10 per address per hour.
      for (let n = 0; n < 10; n++) {
        const ip = `2001:db8:77:1:${n.toString(16)}:${randomBytes(2).toString('hex')}::1`;
        expect((await signUp(ip)).status, ip).toBe(202);
      }
      const rotated = await signUp('2001:db8:77:1:ffff:ffff:ffff:fffe');
      expect([rotated.status, errorCode(rotated)]).toEqual([429, 'rate_limited']);
      expect((await signUp('2001:db8:77:2::1')).status).toBe(202);
    });

    it('refused API keys: 30 per address, then 429; the owner’s good key still works', async () => {
      const user = await verifiedUser(api());
      const signedIn = await api().request('POST', '/auth/sign-in', {
        json: { ...user, mode: 'bearer' },
        ...from('192.0.2.30'),
      });
      const created = await api().request('POST', '/auth/api-keys', {
        as: { bearer: text(signedIn.body, 'accessToken') },
        json: { name: 'limits', scopes: ['reports:read'] },
        ...from('192.0.2.30'),
      });
      expect(created.status).toBe(201);
      const goodKey = text(created.body, 'apiKey');
      const reports = (apiKey: string, ip: string) =>
        api().request('GET', '/api/reports', {
          headers: { 'x-api-key': apiKey, 'x-forwarded-for': ip },
        });
      const guess = (n: number) =>
        n % 2 === 0
          ? `pcl_${randomBytes(16).toString('base64url').slice(0, 22)}.${randomBytes(32).toString('base64url')}`
          : `not-a-key-${n}`;

      // The default api_key_failure rule: 30 refused keys per address per 15 minutes.
      for (let n = 0; n < 30; n++) {
        const refused = await reports(guess(n), '203.0.113.66');
        expect([n, refused.status]).toEqual([n, 401]);
      }
      const limited = await reports(guess(30), '203.0.113.66');
      expect([limited.status, errorCode(limited)]).toEqual([429, 'rate_limited']);
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
      // A good key never counts and is never held back, from another address or this one:
      // a stranger behind the same NAT cannot lock the owner's scripts out.
      expect((await reports(goodKey, '198.51.100.66')).status).toBe(200);
      expect((await reports(goodKey, '203.0.113.66')).status).toBe(200);
      expect((await reports(guess(31), '198.51.100.66')).status).toBe(401);
    });
  });
}
