/**
 * A narrow access token (one the app issued with fewer scopes than its `scopes` option)
 * cannot manage the account: enrolling a second factor, stepping up, minting or rotating
 * API keys, changing the password... would each let it trade itself for a credential
 * holding every scope the app grants (review H1).
 */
import { issueAccessToken } from '@portcullis/core';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { authRoutes } from './handler.ts';
import { APP_ORIGIN, errorCode, httpHarness } from './test-support/harness.ts';

const SCOPES = ['reports:read', 'reports:write'];

/** A harness, a bearer user and the same session's token granting only `scopes`. */
async function withToken(scopes: readonly string[]) {
  // Passkeys on, so their routes answer rather than 404.
  const passkeys = { rpId: 'app.example.com', rpName: 'Example', origins: [APP_ORIGIN] };
  const h = httpHarness({ http: { scopes: SCOPES }, config: { passkeys } });
  const user = await h.bearerUser();
  const { token } = await issueAccessToken(h.deps, {
    userId: user.userId,
    sessionId: user.sessionId,
    aal: 'aal1',
    scopes,
  });
  return { h, user, as: { authorization: `Bearer ${token}` } };
}

const MANAGING_ROUTES = [
  'POST /mfa/totp',
  'POST /mfa/totp/confirm',
  'POST /mfa/disable',
  'POST /mfa/backup-codes',
  'POST /mfa/step-up',
  'POST /mfa/step-up/passkey/options',
  'POST /api-keys',
  'DELETE /api-keys/:id',
  'POST /api-keys/:id/rotate',
  'POST /passkeys/registration/options',
  'POST /passkeys/registration',
  'PATCH /passkeys/:id',
  'DELETE /passkeys/:id',
  'DELETE /sessions/:id',
  'POST /sessions/revoke-others',
  'POST /password/change',
  'GET /account/export',
  'POST /account/delete',
  'POST /oauth/:provider/link/start',
  'POST /oauth/:provider/link/callback',
  'DELETE /oauth/accounts/:id',
];

describe('narrow access tokens and account management', () => {
  it('a token without the app’s scopes cannot enrol TOTP, step up, and mint a wider key', async () => {
    const { h, user, as } = await withToken([]);
    const enrol = await h.send({ method: 'POST', path: '/mfa/totp', headers: as, body: {} });
    expect(enrol.status).toBe(403);
    expect(errorCode(enrol)).toBe('full_scope_required');
    expect(enrol.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="reports:read reports:write"',
    );
    // Had the enrolment gone through, confirming and stepping up would mint a wide token.
    const { secret } = (await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId: user.sessionId,
    })) as { secret: string };
    const code = () =>
      TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: h.clock.now().getTime() });
    const confirm = await h.send({
      method: 'POST',
      path: '/mfa/totp/confirm',
      headers: as,
      body: { code: code() },
    });
    expect(errorCode(confirm)).toBe('full_scope_required');
    expect((await h.auth.getMfaStatus({ userId: user.userId })).totp).not.toBe('enabled');
    const stepUp = await h.send({
      method: 'POST',
      path: '/mfa/step-up',
      headers: as,
      body: { method: 'totp', code: code(), mode: 'cookie' },
    });
    expect(stepUp.status).toBe(403);
    expect(errorCode(stepUp)).toBe('full_scope_required');
    expect(stepUp.setCookies).toEqual([]);
    const create = await h.send({
      method: 'POST',
      path: '/api-keys',
      headers: as,
      body: { name: 'mine' },
    });
    expect(errorCode(create)).toBe('full_scope_required');
    expect(await h.auth.listApiKeys({ owner: { userId: user.userId } })).toEqual([]);
    // The narrow token still works where it is meant to.
    expect((await h.send({ path: '/me', headers: as })).status).toBe(200);
  });

  it('a token holding some but not all of the app’s scopes is narrow too', async () => {
    const { h, as } = await withToken(['reports:read']);
    const enrol = await h.send({ method: 'POST', path: '/mfa/totp', headers: as, body: {} });
    expect(errorCode(enrol)).toBe('full_scope_required');
  });

  it('a token holding every app scope, and a cookie session, may manage the account', async () => {
    const { h, as } = await withToken(SCOPES);
    expect(
      (await h.send({ method: 'POST', path: '/mfa/totp', headers: as, body: {} })).status,
    ).toBe(200);
    const browser = await h.cookieUser();
    const cookie = { cookie: browser.cookie, origin: APP_ORIGIN };
    const enrol = await h.send({ method: 'POST', path: '/mfa/totp', headers: cookie, body: {} });
    expect(enrol.status).toBe(200);
  });

  it('refuses a narrow token on every route that manages the account or its credentials', async () => {
    const managing = authRoutes
      .filter((route) => route.authenticated && route.managesAccount)
      .map((route) => `${route.method} ${route.path}`);
    expect(managing.sort()).toEqual([...MANAGING_ROUTES].sort());
    const { h, as } = await withToken(['reports:read']);
    for (const route of MANAGING_ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace(':provider', 'github').replace(':id', 'some-id');
      const response = await h.send({ method, path: concrete, headers: as, body: {} });
      expect([route, response.status, errorCode(response)]).toEqual([
        route,
        403,
        'full_scope_required',
      ]);
    }
  });

  it('a step-up carries the caller’s scopes forward, and its refresh token never widens them', async () => {
    const { h, user } = await withToken([]);
    const enrolled = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId: user.sessionId,
    });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const code = () =>
      TOTP.generate({
        secret: Secret.fromBase32(enrolled.secret),
        timestamp: h.clock.now().getTime(),
      });
    const confirmed = await h.auth.confirmTotp({
      userId: user.userId,
      code: code(),
      currentSessionId: user.sessionId,
    });
    if (!confirmed.ok) throw new Error(confirmed.reason);
    // Every app scope and one of the app's own making beyond them: full, and kept as is.
    const held = [...SCOPES, 'billing:read'];
    const { token } = await issueAccessToken(h.deps, {
      userId: user.userId,
      sessionId: user.sessionId,
      aal: 'aal1',
      scopes: held,
    });
    h.clock.advance(31);
    const stepUp = await h.send({
      method: 'POST',
      path: '/mfa/step-up',
      headers: { authorization: `Bearer ${token}` },
      body: { method: 'totp', code: code() },
    });
    expect(stepUp.status).toBe(200);
    const body = stepUp.body as { accessToken: string; refreshToken: string };
    const scopesOf = async (accessToken: string) => {
      const verified = await h.auth.verifyAccessToken({ accessToken });
      return verified.ok ? verified.claims.scopes : verified.reason;
    };
    expect(await scopesOf(body.accessToken)).toEqual(held);
    // A refresh token is the session's, not the token's: it yields the app's scopes only.
    const refreshed = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: body.refreshToken },
    });
    const refreshedToken = (refreshed.body as { accessToken: string }).accessToken;
    expect(await scopesOf(refreshedToken)).toEqual(SCOPES);
  });
});
