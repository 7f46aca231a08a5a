import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  errorCode,
  httpHarness,
  PASSWORD,
  sessionTokenFrom,
} from './test-support/harness.ts';

describe('sign-up and email verification', () => {
  it('answers 202 verification_sent whether or not the address exists', async () => {
    const h = httpHarness();
    const owner = await h.verifiedUser('ada@example.com');
    const body = { email: owner.email, password: PASSWORD };
    const first = await h.send({
      method: 'POST',
      path: '/sign-up',
      body: { ...body, email: 'new@example.com' },
    });
    const second = await h.send({ method: 'POST', path: '/sign-up', body });
    expect(first).toMatchObject({ status: 202, body: { status: 'verification_sent' } });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(h.mailbox.map((mail) => mail.type)).toEqual([
      'email_verification_code',
      'email_verification_code',
      'account_exists',
    ]);
  });

  it('refuses invalid input with 400 invalid_input and field issues, never echoing values', async () => {
    const h = httpHarness();
    const response = await h.send({
      method: 'POST',
      path: '/sign-up',
      body: { email: 'not-an-email-secret', password: 'short' },
    });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('invalid_input');
    const body = response.body as { error: { issues: { field: string }[] } };
    expect(body.error.issues.map((issue) => issue.field).sort()).toEqual(['email']);
    expect(JSON.stringify(response.body)).not.toContain('not-an-email-secret');
  });

  it('verifies with the mailed code, and maps wrong or reused codes to 400 with the core reason', async () => {
    const h = httpHarness();
    const email = 'grace@example.com';
    await h.send({ method: 'POST', path: '/sign-up', body: { email, password: PASSWORD } });
    const { code } = h.lastMail('email_verification_code');
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await h.send({
      method: 'POST',
      path: '/verify-email',
      body: { email, code: wrong },
    });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('invalid');
    const good = await h.send({ method: 'POST', path: '/verify-email', body: { email, code } });
    expect(good).toMatchObject({ status: 200, body: { status: 'verified' } });
  });

  it('verifies a link token, refusing an unknown one with 400 invalid', async () => {
    const h = httpHarness({ config: { emailVerification: { method: 'link' } } });
    const email = 'linus@example.com';
    await h.send({ method: 'POST', path: '/sign-up', body: { email, password: PASSWORD } });
    const { token } = h.lastMail('email_verification_link');
    const unknown = await h.send({
      method: 'POST',
      path: '/verify-email',
      body: { token: 'A'.repeat(43) },
    });
    expect([unknown.status, errorCode(unknown)]).toEqual([400, 'invalid']);
    const ok = await h.send({ method: 'POST', path: '/verify-email', body: { token } });
    expect(ok.status).toBe(200);
    const again = await h.send({ method: 'POST', path: '/verify-email', body: { token } });
    expect([again.status, errorCode(again)]).toEqual([400, 'invalid']);
  });

  it('resends verification with 202 for known and unknown addresses alike', async () => {
    const h = httpHarness({
      config: { emailVerification: { resendCooldown: 0, required: false } },
    });
    await h.send({
      method: 'POST',
      path: '/sign-up',
      body: { email: 'a@example.com', password: PASSWORD },
    });
    const known = await h.send({
      method: 'POST',
      path: '/verify-email/resend',
      body: { email: 'a@example.com' },
    });
    const unknown = await h.send({
      method: 'POST',
      path: '/verify-email/resend',
      body: { email: 'b@example.com' },
    });
    expect(known).toMatchObject({ status: 202, body: { status: 'verification_sent' } });
    expect(unknown.body).toEqual(known.body);
    expect(h.mailbox.filter((mail) => mail.to === 'a@example.com')).toHaveLength(2);
  });
});

describe('sign-in', () => {
  it('in cookie mode ends the session the browser still held, whoever it belonged to', async () => {
    const h = httpHarness();
    const previous = await h.cookieUser();
    const next = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN, cookie: previous.cookie },
      body: { email: next.email, password: next.password },
    });
    expect(response.status).toBe(200);
    expect((await h.send({ path: '/me', headers: { cookie: previous.cookie } })).status).toBe(401);
    expect(await h.repos.sessions.findById(previous.sessionId)).toBeNull();
    const fresh = `__Host-portcullis_session=${sessionTokenFrom(response)}`;
    expect((await h.send({ path: '/me', headers: { cookie: fresh } })).status).toBe(200);
  });

  it('in cookie mode ends no session for a presented cookie with a real id but a forged secret', async () => {
    // Session ids are not secret (a database leak yields them): signing in with a planted
    // `<victim id>.<made-up secret>` cookie must not sign the victim out.
    const h = httpHarness();
    const victim = await h.cookieUser();
    const attacker = await h.verifiedUser();
    const [victimId = ''] = victim.token.split('.');
    const forged = `__Host-portcullis_session=${victimId}.${'A'.repeat(43)}`;
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN, cookie: forged },
      body: { email: attacker.email, password: attacker.password },
    });
    expect(response.status).toBe(200);
    expect(await h.repos.sessions.findById(victim.sessionId)).not.toBeNull();
    expect((await h.send({ path: '/me', headers: { cookie: victim.cookie } })).status).toBe(200);
  });

  it('in cookie mode sets a hardened session cookie that lasts as long as the session', async () => {
    const h = httpHarness();
    const user = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN },
      body: { email: user.email, password: user.password },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'signed_in', user: { id: user.userId } });
    expect(response.body).not.toHaveProperty('accessToken');
    expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|secretHash/);
    const [cookie] = response.setCookies;
    const attributes = cookie?.split('; ').slice(1);
    expect(attributes).toEqual(['Max-Age=2592000', 'Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax']);
    const me = await h.send({
      path: '/me',
      headers: { cookie: `__Host-portcullis_session=${sessionTokenFrom(response)}` },
    });
    expect(me).toMatchObject({ status: 200, body: { user: { id: user.userId } } });
  });

  it('omits Secure only when configured for plain-http development, and uses the configured name', async () => {
    const h = httpHarness({ http: { cookie: { secure: false, name: 'sid' } } });
    const user = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password },
    });
    expect(response.setCookies[0]).toMatch(
      /^sid=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it('in bearer mode issues an access token and a refresh token and sets no cookie', async () => {
    const h = httpHarness({ http: { scopes: ['api'] } });
    const user = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password, mode: 'bearer' },
    });
    expect(response.status).toBe(200);
    expect(response.setCookies).toEqual([]);
    const body = response.body as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'signed_in', user: { id: user.userId } });
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.accessTokenExpiresAt).toEqual(new Date(h.clock.now().getTime() + 900_000));
    const verified = await h.auth.authenticate({ accessToken: String(body.accessToken) });
    expect(verified).toMatchObject({ ok: true, claims: { userId: user.userId, scopes: ['api'] } });
  });

  it('answers a pending sign-up and a banned account with the right password like a wrong one', async () => {
    const h = httpHarness();
    const user = await h.verifiedUser();
    const wrong = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: 'wrong password!' },
    });
    expect([wrong.status, errorCode(wrong)]).toEqual([401, 'invalid_credentials']);
    const unknown = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: 'nobody@example.com', password: PASSWORD },
    });
    expect(unknown.body).toEqual(wrong.body);

    await h.send({
      method: 'POST',
      path: '/sign-up',
      body: { email: 'new@example.com', password: PASSWORD },
    });
    const unverified = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: 'new@example.com', password: PASSWORD },
    });
    expect(unverified.body).toEqual(wrong.body);

    await h.auth.banUser({ userId: user.userId });
    const banned = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password },
    });
    expect(banned.body).toEqual(wrong.body);
    expect(
      [wrong, unverified, banned].every(
        (response) => response.status === 401 && response.setCookies.length === 0,
      ),
    ).toBe(true);
  });

  it('maps a revealed ban to 403 account_banned when the app opts in', async () => {
    const h = httpHarness({ config: { signIn: { revealAccountStatus: true } } });
    const user = await h.verifiedUser();
    await h.auth.banUser({ userId: user.userId });
    const banned = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password },
    });
    expect([banned.status, errorCode(banned)]).toEqual([403, 'account_banned']);
  });

  it('answers mfa_required with the challenge and no session when the user has a second factor', async () => {
    const h = httpHarness({ auth: { secondFactor: { activeFactors: async () => ['totp'] } } });
    const user = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password },
    });
    expect(response.status).toBe(200);
    expect(response.setCookies).toEqual([]);
    expect(response.body).toMatchObject({
      status: 'mfa_required',
      factors: ['totp'],
      challengeToken: expect.any(String),
    });
    expect(await h.auth.listSessions({ userId: user.userId })).toEqual([]);
  });

  it('refuses an unknown mode with 400 before checking the password', async () => {
    const h = httpHarness();
    const user = await h.verifiedUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password, mode: 'session' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { issues: [{ field: 'mode', problem: 'not_allowed' }] },
    });
    expect(await h.auth.listSessions({ userId: user.userId })).toEqual([]);
  });
});

describe('refresh', () => {
  it('rotates: new access and refresh tokens, the old refresh token then counts as replay', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    h.clock.advance(60);
    const rotated = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const body = rotated.body as { accessToken: string; refreshToken: string };
    expect(body.refreshToken).not.toBe(user.refreshToken);
    expect(await h.auth.authenticate({ accessToken: body.accessToken })).toMatchObject({
      ok: true,
    });

    const replay = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect([replay.status, errorCode(replay)]).toEqual([401, 'replay_detected']);
    // The whole family and its session are gone: the thief's and the victim's tokens alike.
    const successor = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: body.refreshToken },
    });
    expect([successor.status, errorCode(successor)]).toEqual([401, 'refresh_token_revoked']);
    const me = await h.send({
      path: '/me',
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect([me.status, errorCode(me)]).toEqual([401, 'invalid_token']);
  });

  it('maps malformed, unknown and expired refresh tokens to 401, a non-string to 400', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    for (const refreshToken of ['nope', 'A'.repeat(43)]) {
      const response = await h.send({ method: 'POST', path: '/refresh', body: { refreshToken } });
      expect([response.status, errorCode(response)]).toEqual([401, 'invalid_refresh_token']);
    }
    for (const refreshToken of [42, null, undefined]) {
      const response = await h.send({ method: 'POST', path: '/refresh', body: { refreshToken } });
      expect([response.status, errorCode(response)]).toEqual([400, 'invalid_input']);
    }
    h.clock.advance(15 * 86_400);
    const expired = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect(expired.status).toBe(401);
    expect(['refresh_token_expired', 'session_ended']).toContain(errorCode(expired));
  });

  it('answers a concurrent rotation inside the reuse grace with 409 and revokes nothing', async () => {
    const h = httpHarness({ config: { refreshToken: { reuseGrace: 10 } } });
    const user = await h.bearerUser();
    const first = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    const second = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect(first.status).toBe(200);
    expect([second.status, errorCode(second)]).toEqual([409, 'concurrent_rotation']);
    const next = (first.body as { refreshToken: string }).refreshToken;
    expect(
      (await h.send({ method: 'POST', path: '/refresh', body: { refreshToken: next } })).status,
    ).toBe(200);
  });

  it('revokes a family by refresh token alone, answering 204 for any token', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    expect(
      (await h.send({ method: 'POST', path: '/refresh/revoke', body: { refreshToken: 'junk' } }))
        .status,
    ).toBe(204);
    expect(
      (
        await h.send({
          method: 'POST',
          path: '/refresh/revoke',
          body: { refreshToken: user.refreshToken },
        })
      ).status,
    ).toBe(204);
    const after = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect(after.status).toBe(401);
    expect(
      (await h.send({ path: '/me', headers: { authorization: user.authorization } })).status,
    ).toBe(401);
  });
});

describe('authenticated routes', () => {
  it('GET /me answers the user and the current session by cookie and by bearer', async () => {
    const h = httpHarness();
    const viaCookie = await h.cookieUser();
    const byCookie = await h.send({ path: '/me', headers: { cookie: viaCookie.cookie } });
    expect(byCookie.body).toMatchObject({
      user: { id: viaCookie.userId },
      session: { id: viaCookie.sessionId },
    });
    const viaBearer = await h.bearerUser();
    const byBearer = await h.send({
      path: '/me',
      headers: { authorization: viaBearer.authorization },
    });
    expect(byBearer.body).toMatchObject({
      user: { id: viaBearer.userId },
      session: { id: viaBearer.sessionId },
    });
  });

  it('answers 401 unauthenticated without credentials, and clears a dead cookie', async () => {
    const h = httpHarness();
    const none = await h.send({ path: '/me' });
    expect([none.status, errorCode(none)]).toEqual([401, 'unauthenticated']);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const forged = `__Host-portcullis_session=${'A'.repeat(22)}.${'B'.repeat(43)}`;
    const dead = await h.send({ path: '/me', headers: { cookie: forged } });
    expect([dead.status, errorCode(dead)]).toEqual([401, 'unauthenticated']);
    expect(dead.setCookies).toEqual([
      '__Host-portcullis_session=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax',
    ]);
  });

  it('sign-out by cookie: 204, clears the cookie, ends the session', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { cookie: user.cookie, origin: APP_ORIGIN },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(response.setCookies[0]).toMatch(/^__Host-portcullis_session=; Max-Age=0; Path=\//);
    expect((await h.send({ path: '/me', headers: { cookie: user.cookie } })).status).toBe(401);
  });

  it('sign-out by bearer revokes the session and its refresh family', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    const response = await h.send({
      method: 'POST',
      path: '/sign-out',
      headers: { authorization: user.authorization },
    });
    expect(response.status).toBe(204);
    // The caller is not a browser session: no cookie is cleared.
    expect(response.setCookies).toEqual([]);
    expect(
      (await h.send({ path: '/me', headers: { authorization: user.authorization } })).status,
    ).toBe(401);
    const refresh = await h.send({
      method: 'POST',
      path: '/refresh',
      body: { refreshToken: user.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it("lists sessions, revokes one of them, 404s for another user's, and revokes the others", async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const second = await h.auth.signIn({ email: user.email, password: user.password });
    const third = await h.auth.signIn({ email: user.email, password: user.password });
    if (!second.ok || second.status !== 'signed_in' || !third.ok || third.status !== 'signed_in')
      throw new Error('sign-in');
    const other = await h.cookieUser();
    const headers = { cookie: user.cookie, origin: APP_ORIGIN };

    const list = await h.send({ path: '/sessions', headers });
    const listed = list.body as { sessions: { id: string }[]; currentSessionId: string };
    expect(listed.currentSessionId).toBe(user.sessionId);
    expect(listed.sessions.map((session) => session.id).sort()).toEqual(
      [user.sessionId, second.session.id, third.session.id].sort(),
    );

    const foreign = await h.send({
      method: 'DELETE',
      path: `/sessions/${other.sessionId}`,
      headers,
    });
    expect([foreign.status, errorCode(foreign)]).toEqual([404, 'not_found']);
    expect((await h.send({ path: '/me', headers: { cookie: other.cookie } })).status).toBe(200);
    const missing = await h.send({ method: 'DELETE', path: '/sessions/does-not-exist', headers });
    expect(missing.status).toBe(404);
    const badId = await h.send({ method: 'DELETE', path: '/sessions/%E0%A4%A', headers });
    expect([badId.status, errorCode(badId)]).toEqual([400, 'invalid_input']);

    const revoked = await h.send({
      method: 'DELETE',
      path: `/sessions/${second.session.id}`,
      headers,
    });
    expect(revoked.status).toBe(204);
    expect(revoked.setCookies).toEqual([]);
    expect(await h.auth.validateSession({ sessionToken: second.sessionToken })).toMatchObject({
      ok: false,
    });

    expect(
      (await h.send({ method: 'POST', path: '/sessions/revoke-others', headers })).status,
    ).toBe(204);
    expect(await h.auth.validateSession({ sessionToken: third.sessionToken })).toMatchObject({
      ok: false,
    });
    expect((await h.send({ path: '/me', headers })).status).toBe(200);

    const own = await h.send({ method: 'DELETE', path: `/sessions/${user.sessionId}`, headers });
    expect(own.status).toBe(204);
    expect(own.setCookies[0]).toMatch(/Max-Age=0/);
  });

  it('changes the password: 403 for a wrong current password, then other sessions end', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const other = await h.auth.signIn({ email: user.email, password: user.password });
    if (!other.ok || other.status !== 'signed_in') throw new Error('sign-in');
    const headers = { cookie: user.cookie, origin: APP_ORIGIN };
    const wrong = await h.send({
      method: 'POST',
      path: '/password/change',
      headers,
      body: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' },
    });
    expect([wrong.status, errorCode(wrong)]).toEqual([403, 'invalid_current_password']);
    const changed = await h.send({
      method: 'POST',
      path: '/password/change',
      headers,
      body: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed).toMatchObject({ status: 200, body: { status: 'password_changed' } });
    expect(await h.auth.validateSession({ sessionToken: other.sessionToken })).toMatchObject({
      ok: false,
    });
    expect((await h.send({ path: '/me', headers })).status).toBe(200);
  });
});

describe('password reset', () => {
  it('is enumeration-safe, resets once with the mailed token, and ends every session', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const known = await h.send({
      method: 'POST',
      path: '/password/forgot',
      body: { email: user.email },
    });
    const unknown = await h.send({
      method: 'POST',
      path: '/password/forgot',
      body: { email: 'ghost@example.com' },
    });
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const { token } = h.lastMail('password_reset');

    const reset = await h.send({
      method: 'POST',
      path: '/password/reset',
      body: { token, password: 'another fine passphrase' },
    });
    expect(reset).toMatchObject({ status: 200, body: { status: 'password_reset' } });
    const again = await h.send({
      method: 'POST',
      path: '/password/reset',
      body: { token, password: 'yet another passphrase' },
    });
    expect([again.status, errorCode(again)]).toEqual([400, 'invalid']);
    expect((await h.send({ path: '/me', headers: { cookie: user.cookie } })).status).toBe(401);
    const signIn = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: 'another fine passphrase' },
    });
    expect(signIn.status).toBe(200);
  });
});

describe('routing and headers', () => {
  it('returns null for paths that are not auth routes, 405 with Allow for a wrong method', async () => {
    const h = httpHarness();
    expect(
      await h.handler({
        method: 'GET',
        path: '/elsewhere',
        headers: { get: () => null },
        body: undefined,
        remoteAddress: undefined,
      }),
    ).toBeNull();
    expect(
      await h.handler({
        method: 'POST',
        path: '/sign-in/',
        headers: { get: () => null },
        body: undefined,
        remoteAddress: undefined,
      }),
    ).toBeNull();
    const wrong = await h.send({ method: 'GET', path: '/sign-in' });
    expect([wrong.status, errorCode(wrong), wrong.headers.allow]).toEqual([
      405,
      'method_not_allowed',
      'POST',
    ]);
  });

  it('marks every auth answer no-store, errors included', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const responses = [
      await h.send({
        method: 'POST',
        path: '/sign-in',
        body: { email: user.email, password: user.password },
      }),
      await h.send({ method: 'POST', path: '/sign-in', body: [] }),
      await h.send({ path: '/me', headers: { cookie: user.cookie } }),
      await h.send({ path: '/me' }),
      await h.send({ method: 'PUT', path: '/me' }),
      await h.send({ method: 'POST', path: '/sign-out', headers: { cookie: user.cookie } }),
    ];
    for (const response of responses) expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('isAuthPath', () => {
  it('knows the auth paths whatever the method, and nothing else', async () => {
    const { isAuthPath } = await import('./handler.ts');
    expect(['/sign-in', '/sessions/abc', '/password/change', '/me'].every(isAuthPath)).toBe(true);
    expect(
      ['/', '/sign-in/', '/sessions/', '/sessions/a/b', '/ME', '/dashboard'].some(isAuthPath),
    ).toBe(false);
  });
});

describe('HEAD', () => {
  it('is answered as GET (the binding drops the body)', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const head = await h.send({ method: 'HEAD', path: '/me', headers: { cookie: user.cookie } });
    expect(head.status).toBe(200);
    const wrong = await h.send({ method: 'HEAD', path: '/sign-in' });
    expect(wrong.status).toBe(405);
  });

  it('is listed in Allow next to GET, since it is served (RFC 9110 §15.5.6)', async () => {
    const h = httpHarness();
    const post = await h.send({ method: 'POST', path: '/me' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    const options = await h.send({ method: 'OPTIONS', path: '/sessions' });
    expect([options.status, options.headers.allow]).toEqual([405, 'GET, HEAD']);
    const del = await h.send({ method: 'GET', path: '/sessions/abc' });
    expect([del.status, del.headers.allow]).toEqual([405, 'DELETE']);
  });
});
