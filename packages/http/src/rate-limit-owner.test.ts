/**
 * Rate limits a stranger cannot turn against the account's owner (OWASP device cookies),
 * IPv6 networks as one client, and a policy for every route.
 */
import { defaultRateLimits } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { authRoutes } from './handler.ts';
import { routeRateLimits } from './rate-limit-policy.ts';
import type { TestRequest } from './test-support/harness.ts';
import { APP_ORIGIN, errorCode, httpHarness, PASSWORD } from './test-support/harness.ts';
import type { HttpResponse } from './types.ts';

const DEVICE_COOKIE = '__Host-portcullis_device';

const signIn = (email: string, password: string, more: Partial<TestRequest> = {}): TestRequest => ({
  method: 'POST',
  path: '/sign-in',
  body: { email, password },
  ...more,
});

/** The device cookie's `name=value` pair from a response, failing when there is none. */
function deviceCookieOf(response: HttpResponse): string {
  const header = response.setCookies.find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
  if (!header) throw new Error('no device cookie was set');
  return header.split(';')[0] ?? '';
}

/**
 * A stranger's 50 wrong guesses from five addresses, ten each: what the default per-email
 * bucket holds. Each address stays within its own address+email bucket, so only the
 * per-email one runs dry (the last guess may already find it empty).
 */
async function strangerDrainsEmail(h: ReturnType<typeof httpHarness>, email: string) {
  const statuses: number[] = [];
  for (let guess = 0; guess < 50; guess++) {
    const remoteAddress = `198.51.100.${guess % 5}`;
    statuses.push((await h.send(signIn(email, `guess ${guess} !!`, { remoteAddress }))).status);
  }
  expect(statuses.slice(0, 49).every((status) => status === 401)).toBe(true);
}

describe('device cookies', () => {
  it('keep the owner signing in after a stranger drained the per-email bucket from five addresses', async () => {
    const h = httpHarness({ rateLimits: {} });
    const user = await h.verifiedUser();
    const owner = { remoteAddress: '192.0.2.10', headers: { origin: APP_ORIGIN } };
    const first = await h.send(signIn(user.email, user.password, owner));
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);

    await strangerDrainsEmail(h, user.email);
    // A browser that never signed in to this account is held back with the stranger...
    const unknown = await h.send(signIn(user.email, user.password, owner));
    expect([unknown.status, errorCode(unknown)]).toEqual([429, 'rate_limited']);
    // ...but the owner's browser counts in its own bucket, from any address.
    for (const remoteAddress of ['192.0.2.10', '198.51.100.0']) {
      const known = await h.send(
        signIn(user.email, user.password, {
          ...owner,
          remoteAddress,
          headers: { ...owner.headers, cookie: device },
        }),
      );
      expect(known.status, remoteAddress).toBe(200);
    }
  });

  it('are HttpOnly, Secure, SameSite=Strict __Host- cookies that outlive the session', async () => {
    const h = httpHarness({ rateLimits: {} });
    const user = await h.verifiedUser();
    for (const mode of ['cookie', 'bearer']) {
      const response = await h.send({
        method: 'POST',
        path: '/sign-in',
        body: { email: user.email, password: user.password, mode },
      });
      const header = response.setCookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`)) ?? '';
      expect(header, mode).toMatch(
        /^__Host-portcullis_device=d1\.[^;]+; Max-Age=15552000; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
      );
    }
    // Wrong passwords, and apps without a limiter, get none.
    const wrong = await h.send(signIn(user.email, 'wrong password!'));
    expect(wrong.setCookies).toEqual([]);
    const unlimited = httpHarness();
    const other = await unlimited.verifiedUser();
    const signedIn = await unlimited.send(signIn(other.email, other.password));
    expect(signedIn.setCookies.some((c) => c.startsWith(DEVICE_COOKIE))).toBe(false);
  });

  it('earned on the attacker’s own account do nothing for the victim’s', async () => {
    const h = httpHarness({ rateLimits: {} });
    const victim = await h.verifiedUser();
    const attacker = await h.verifiedUser();
    const own = deviceCookieOf(await h.send(signIn(attacker.email, attacker.password)));
    await strangerDrainsEmail(h, victim.email);
    const swapped = await h.send(
      signIn(victim.email, victim.password, { headers: { cookie: own } }),
    );
    expect(swapped.status).toBe(429);
    // A forged or stale value is worth no more.
    const forged = own.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    const again = await h.send(
      signIn(victim.email, victim.password, { headers: { cookie: forged } }),
    );
    expect(again.status).toBe(429);
  });
});

describe('forgot-password under attack', () => {
  const forgot = (email: string, more: Partial<TestRequest> = {}): TestRequest => ({
    method: 'POST',
    path: '/password/forgot',
    body: { email },
    ...more,
  });
  const resetMails = (h: ReturnType<typeof httpHarness>, email: string) =>
    h.mailbox.filter((mail) => mail.type === 'password_reset' && mail.to === email).length;

  it('caps mails per email but answers every request the same 202', async () => {
    const h = httpHarness({ rateLimits: {} });
    const user = await h.verifiedUser();
    const unknown = 'nobody@example.com';
    const answers: unknown[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const remoteAddress = `198.51.100.${attempt}`;
      for (const email of [user.email, unknown]) {
        const response = await h.send(forgot(email, { remoteAddress }));
        answers.push([response.status, response.headers, response.setCookies, response.body]);
      }
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect((answers[0] as unknown[])[0]).toBe(202);
    // Three mails an hour per address: the mailbox cannot be flooded.
    expect(resetMails(h, user.email)).toBe(3);
  });

  it('still mails the owner who asks from a known device after a stranger used up the cap', async () => {
    const h = httpHarness({ rateLimits: {} });
    const user = await h.verifiedUser();
    const device = deviceCookieOf(await h.send(signIn(user.email, user.password)));
    for (let attempt = 0; attempt < 5; attempt++)
      await h.send(forgot(user.email, { remoteAddress: `198.51.100.${attempt}` }));
    expect(resetMails(h, user.email)).toBe(3);
    const owner = await h.send(forgot(user.email, { headers: { cookie: device } }));
    expect(owner.status).toBe(202);
    expect(resetMails(h, user.email)).toBe(4);
    const { token } = h.lastMail('password_reset');
    const reset = await h.send({
      method: 'POST',
      path: '/password/reset',
      body: { token, password: `${PASSWORD} renewed` },
    });
    expect(reset.status).toBe(200);
  });
});

describe('IPv6 clients', () => {
  it('are counted per /64 by default, so rotating addresses within one buys nothing', async () => {
    const h = httpHarness({
      rateLimits: {
        rules: { sign_up: [{ by: 'ip', policy: { capacity: 2, refillPerSecond: 1 / 60 } }] },
      },
    });
    const up = (n: number, remoteAddress: string) =>
      h.send({
        method: 'POST',
        path: '/sign-up',
        remoteAddress,
        body: { email: `v6-${n}@example.com`, password: PASSWORD },
      });
    expect((await up(1, '2001:db8:7:1::1')).status).toBe(202);
    expect((await up(2, '2001:db8:7:1:a:b:c:d')).status).toBe(202);
    expect((await up(3, '2001:db8:7:1:ffff::9')).status).toBe(429);
    expect((await up(4, '2001:db8:7:2::1')).status).toBe(202);
  });
});

describe('signed-in and token routes', () => {
  it('limit password changes per session, before the current password is checked', async () => {
    const h = httpHarness({ rateLimits: {} });
    const user = await h.cookieUser();
    const change = () =>
      h.send({
        method: 'POST',
        path: '/password/change',
        headers: { cookie: user.cookie, origin: APP_ORIGIN },
        body: { currentPassword: 'a wrong guess!', newPassword: `${PASSWORD} 2` },
      });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await change()).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
  });

  it('limit refresh and refresh revocation per address', async () => {
    const policy = { capacity: 1, refillPerSecond: 1 / 60 };
    const h = httpHarness({
      rateLimits: {
        rules: { refresh: [{ by: 'ip', policy }], refresh_revoke: [{ by: 'ip', policy }] },
      },
    });
    for (const path of ['/refresh', '/refresh/revoke']) {
      const send = () => h.send({ method: 'POST', path, body: { refreshToken: 'A'.repeat(43) } });
      expect((await send()).status, path).not.toBe(429);
      expect((await send()).status, path).toBe(429);
    }
  });

  it('every route has an entry in the policy table, and every entry is a route', () => {
    const keys = authRoutes.map((route) => `${route.method} ${route.path}`);
    expect(Object.keys(routeRateLimits).sort()).toEqual([...keys].sort());
    for (const [key, limit] of Object.entries(routeRateLimits)) {
      for (const action of limit.refuse) expect(defaultRateLimits[action], key).toBeDefined();
      // A route is limited, or says why not.
      expect(limit.refuse.length > 0 || (limit.none ?? '') !== '', key).toBe(true);
    }
  });
});
