import { ConfigError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { checkOrigin, normalizeAllowedOrigins } from './origin.ts';
import { APP_ORIGIN, errorCode, httpHarness, request } from './test-support/harness.ts';

describe('checkOrigin', () => {
  const allowed = [APP_ORIGIN, 'http://localhost:3000'];
  const check = (headers: Record<string, string>) =>
    checkOrigin(request({ path: '/', headers }), allowed);

  it('allows exactly the configured origins', () => {
    expect(check({ origin: APP_ORIGIN })).toBe('allowed');
    expect(check({ origin: 'http://localhost:3000' })).toBe('allowed');
  });

  it('refuses look-alikes, other schemes and ports, the opaque null origin and lists', () => {
    for (const origin of [
      'https://app.example.com.evil.test',
      'https://evil-app.example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://APP.example.com',
      'null',
      '',
      `${APP_ORIGIN}, https://evil.test`,
      `${APP_ORIGIN}/`,
    ]) {
      expect(check({ origin }), origin).toBe('foreign');
    }
  });

  it('falls back to the origin of Referer, refusing an unparsable or non-http one', () => {
    expect(check({ referer: `${APP_ORIGIN}/settings?tab=1` })).toBe('allowed');
    expect(check({ referer: 'https://evil.test/app.example.com' })).toBe('foreign');
    expect(check({ referer: 'not a url' })).toBe('foreign');
    expect(check({ referer: 'javascript:alert(1)' })).toBe('foreign');
    // Origin decides when both are present.
    expect(check({ origin: 'https://evil.test', referer: `${APP_ORIGIN}/` })).toBe('foreign');
    expect(check({})).toBe('absent');
  });

  it('validates allowedOrigins at start-up', () => {
    expect([...normalizeAllowedOrigins(['HTTPS://App.Example.com:443/'])]).toEqual([APP_ORIGIN]);
    for (const bad of [
      'app.example.com',
      'https://app.example.com/path',
      'ftp://x.test',
      '*',
      'https://u:p@x.test',
    ]) {
      expect(() => normalizeAllowedOrigins([bad]), bad).toThrow(ConfigError);
    }
    expect(() =>
      httpHarness({ http: { allowedOrigins: ['https://app.example.com/login'] } }),
    ).toThrow(ConfigError);
  });
});

describe('CSRF on cookie-authenticated state changes', () => {
  async function signedIn() {
    const h = httpHarness();
    return { h, user: await h.cookieUser() };
  }

  it('refuses sign-out without Origin or Referer, and the session survives', async () => {
    const { h, user } = await signedIn();
    const response = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { cookie: user.cookie },
    });
    expect([response.status, errorCode(response)]).toEqual([403, 'csrf_rejected']);
    expect(response.setCookies).toEqual([]);
    expect((await h.send({ path: '/me', headers: { cookie: user.cookie } })).status).toBe(200);
  });

  it('refuses a foreign Origin and Origin: null on every state-changing route', async () => {
    const { h, user } = await signedIn();
    const attempts = [
      { method: 'POST', path: '/sign-out' },
      { method: 'POST', path: '/sessions/revoke-others' },
      { method: 'DELETE', path: `/sessions/${user.sessionId}` },
      {
        method: 'POST',
        path: '/password/change',
        body: { currentPassword: user.password, newPassword: 'attacker chosen pass' },
      },
    ];
    for (const origin of ['https://evil.test', 'null']) {
      for (const attempt of attempts) {
        const response = await h.send({ ...attempt, headers: { cookie: user.cookie, origin } });
        expect([response.status, errorCode(response)], `${origin} ${attempt.path}`).toEqual([
          403,
          'csrf_rejected',
        ]);
      }
    }
    const signIn = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password },
    });
    expect(signIn.status).toBe(200);
  });

  it('accepts the allowed Origin, or an allowed Referer when Origin is absent', async () => {
    const { h, user } = await signedIn();
    const byReferer = await h.send({
      method: 'POST',
      path: '/sessions/revoke-others',
      headers: { cookie: user.cookie, referer: `${APP_ORIGIN}/account` },
    });
    expect(byReferer.status).toBe(204);
    const byOrigin = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { cookie: user.cookie, origin: APP_ORIGIN },
    });
    expect(byOrigin.status).toBe(204);
  });

  it('does not apply to safe methods', async () => {
    const { h, user } = await signedIn();
    const response = await h.send({
      path: '/me',
      headers: { cookie: user.cookie, origin: 'https://evil.test' },
    });
    expect(response.status).toBe(200);
  });

  it('does not apply to bearer requests, which a foreign page cannot forge', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { authorization: user.authorization, origin: 'https://other-client.test' },
    });
    expect(response.status).toBe(204);
  });

  it('refuses a cookie request carrying a malformed Authorization header instead of falling back to the cookie', async () => {
    const { h, user } = await signedIn();
    const response = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { cookie: user.cookie, origin: APP_ORIGIN, authorization: 'Bearer' },
    });
    expect([response.status, errorCode(response)]).toEqual([401, 'invalid_token']);
    expect((await h.send({ path: '/me', headers: { cookie: user.cookie } })).status).toBe(200);
  });
});

describe('login CSRF', () => {
  it('refuses sign-in from a foreign origin: no cookie, no session', async () => {
    const h = httpHarness();
    const attacker = await h.verifiedUser();
    for (const headers of [
      { origin: 'https://evil.test' },
      { origin: 'null' },
      { referer: 'https://evil.test/x' },
    ]) {
      const response = await h.send({
        method: 'POST',
        path: '/sign-in',
        headers,
        body: { email: attacker.email, password: attacker.password },
      });
      expect([response.status, errorCode(response)]).toEqual([403, 'csrf_rejected']);
      expect(response.setCookies).toEqual([]);
    }
    expect(await h.auth.listSessions({ userId: attacker.userId })).toEqual([]);
  });

  it('refuses sign-up from a foreign origin before anything is written', async () => {
    const h = httpHarness();
    const response = await h.send({
      method: 'POST',
      path: '/sign-up',
      headers: { origin: 'https://evil.test' },
      body: { email: 'victim@example.com', password: 'attacker password' },
    });
    expect([response.status, errorCode(response)]).toEqual([403, 'csrf_rejected']);
    expect(h.mailbox).toEqual([]);
    expect(await h.repos.users.findByEmailKey('victim@example.com')).toBeNull();
  });

  it('lets non-browser clients (no Origin, no Referer) and the allowed origin sign in', async () => {
    const h = httpHarness();
    const user = await h.verifiedUser();
    const body = { email: user.email, password: user.password };
    expect((await h.send({ method: 'POST', path: '/sign-in', body })).status).toBe(200);
    expect(
      (await h.send({ method: 'POST', path: '/sign-in', body, headers: { origin: APP_ORIGIN } }))
        .status,
    ).toBe(200);
  });
});
