import { ConfigError } from '@portcullis/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticateRequest, createAuthenticator } from './authenticate.ts';
import { MAX_AUTHORIZATION_LENGTH, parseBearer } from './bearer.ts';
import { errorCode, httpHarness, request } from './test-support/harness.ts';

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): string {
  return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
}

describe('parseBearer', () => {
  it('reads one token68 after the case-insensitive scheme and a single space', () => {
    expect(parseBearer('Bearer abc.DEF-_~+/=')).toEqual({ kind: 'token', token: 'abc.DEF-_~+/=' });
    expect(parseBearer('bearer abc')).toEqual({ kind: 'token', token: 'abc' });
    expect(parseBearer(null)).toEqual({ kind: 'absent' });
  });

  it('calls everything else malformed', () => {
    for (const header of [
      '',
      ' ',
      'Bearer',
      'Bearer ',
      'Bearer  abc',
      ' Bearer abc',
      'Bearer abc ',
      'Bearer abc def',
      'Bearer\tabc',
      'Basic dXNlcjpwYXNz',
      'Token abc',
      'Bearerabc',
      'Bearer a=b',
      'Bearer ab\u00e9',
      'Bearer abc\r\nX-Evil: 1',
      `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`,
    ]) {
      expect(parseBearer(header), JSON.stringify(header)).toEqual({ kind: 'malformed' });
    }
  });

  it('never throws and only returns tokens made of token68 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const parsed = parseBearer(header);
        if (parsed.kind === 'token') expect(parsed.token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
        else expect(parsed.kind).toBe('malformed');
      }),
    );
  });
});

describe('bearer authentication', () => {
  it('answers every malformed Authorization header with 401 invalid_token and an RFC 6750 challenge', async () => {
    const h = httpHarness();
    for (const authorization of [
      '',
      'Bearer',
      'Bearer  x',
      'Basic Zm9vOmJhcg==',
      'Bearer \u00ff\u00fe',
      `Bearer ${'x'.repeat(9000)}`,
    ]) {
      const response = await h.send({ path: '/me', headers: { authorization } });
      expect([response.status, errorCode(response)], authorization.slice(0, 20)).toEqual([
        401,
        'invalid_token',
      ]);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
    expect(h.errors).toEqual([]);
  });

  it('refuses tampered, unsigned and re-signed-payload tokens', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    const other = await h.bearerUser();
    const [header = '', payload = '', signature = ''] = user.accessToken.split('.');

    const claims = JSON.parse(fromB64url(payload)) as Record<string, unknown>;
    const swappedPayload = b64url(JSON.stringify({ ...claims, sub: other.userId }));
    const flippedSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const noneHeader = b64url(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'k1' }));
    const forged = [
      `${header}.${swappedPayload}.${signature}`,
      `${header}.${payload}.${flippedSignature}`,
      `${noneHeader}.${payload}.`,
      `${header}.${payload}`,
      user.accessToken.toUpperCase(),
    ];
    for (const token of forged) {
      const response = await h.send({ path: '/me', headers: { authorization: `Bearer ${token}` } });
      expect([response.status, errorCode(response)]).toEqual([401, 'invalid_token']);
    }
  });

  it('refuses an expired token', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    h.clock.advance(900 + 31);
    const response = await h.send({ path: '/me', headers: { authorization: user.authorization } });
    expect([response.status, errorCode(response)]).toEqual([401, 'invalid_token']);
  });

  it('refuses a still-unexpired token once its session is revoked', async () => {
    const h = httpHarness();
    const user = await h.bearerUser();
    expect(
      (await h.send({ path: '/me', headers: { authorization: user.authorization } })).status,
    ).toBe(200);
    await h.auth.revokeSession({ userId: user.userId, sessionId: user.sessionId });
    const response = await h.send({ path: '/me', headers: { authorization: user.authorization } });
    expect([response.status, errorCode(response)]).toEqual([401, 'invalid_token']);
  });

  it('does not fall back to a valid cookie when the bearer token is bad', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const response = await h.send({
      path: '/me',
      headers: { cookie: user.cookie, authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(401);
  });
});

describe('authenticateRequest', () => {
  it('returns the principal for a bearer token and for a cookie', async () => {
    const h = httpHarness({ http: { scopes: ['read'] } });
    const bearer = await h.bearerUser();
    const cookie = await h.cookieUser();
    const byBearer = await authenticateRequest(
      h.auth,
      h.httpOptions,
      request({ path: '/x', headers: { authorization: bearer.authorization } }),
    );
    expect(byBearer).toEqual({
      ok: true,
      principal: {
        userId: bearer.userId,
        sessionId: bearer.sessionId,
        via: 'bearer',
        aal: 'aal1',
        scopes: ['read'],
      },
    });
    const byCookie = await authenticateRequest(
      h.auth,
      h.httpOptions,
      request({ path: '/x', headers: { cookie: cookie.cookie } }),
    );
    expect(byCookie).toEqual({
      ok: true,
      principal: {
        userId: cookie.userId,
        sessionId: cookie.sessionId,
        via: 'cookie',
        aal: 'aal1',
        scopes: ['read'],
      },
    });
  });

  it('answers 403 insufficient_scope when a required scope is missing', async () => {
    const h = httpHarness({ http: { scopes: ['read'] } });
    const user = await h.bearerUser();
    const req = request({ path: '/admin', headers: { authorization: user.authorization } });
    const refused = await authenticateRequest(h.auth, h.httpOptions, req, {
      scopes: ['read', 'admin'],
    });
    if (refused.ok) throw new Error('expected a refusal');
    expect([refused.response.status, errorCode(refused.response)]).toEqual([
      403,
      'insufficient_scope',
    ]);
    expect(refused.response.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="read admin"',
    );
    expect(
      await authenticateRequest(h.auth, h.httpOptions, req, { scopes: ['read'] }),
    ).toMatchObject({ ok: true });
  });

  it('applies the CSRF check to cookie-authenticated state changes of app routes', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const forged = await authenticateRequest(
      h.auth,
      h.httpOptions,
      request({
        method: 'POST',
        path: '/transfer',
        headers: { cookie: user.cookie, origin: 'https://evil.test' },
      }),
    );
    expect(forged.ok ? null : errorCode(forged.response)).toBe('csrf_rejected');
  });

  it('turns a storage failure into a bare 500 and reports it to onError', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    h.repos.sessions.findById = async () => {
      throw new Error('connection to db-primary.internal:5432 lost');
    };
    const result = await authenticateRequest(
      h.auth,
      h.httpOptions,
      request({ path: '/x', headers: { cookie: user.cookie } }),
    );
    if (result.ok) throw new Error('expected a refusal');
    expect(result.response.status).toBe(500);
    expect(JSON.stringify(result.response.body)).not.toContain('db-primary');
    expect(h.errors).toHaveLength(1);
  });
});

describe('createAuthenticator', () => {
  it('throws ConfigError at creation for invalid options or required scopes', () => {
    const h = httpHarness();
    expect(() => createAuthenticator(h.auth, h.httpOptions, { scopes: ['has space'] })).toThrow(
      ConfigError,
    );
    expect(() =>
      createAuthenticator(h.auth, { ...h.httpOptions, allowedOrigins: ['https://a.example/x'] }),
    ).toThrow(ConfigError);
  });

  it('serves many requests with the scopes it was created with', async () => {
    const h = httpHarness({ http: { scopes: ['read'] } });
    const user = await h.bearerUser();
    const adminOnly = createAuthenticator(h.auth, h.httpOptions, { scopes: ['admin'] });
    const readOnly = createAuthenticator(h.auth, h.httpOptions, { scopes: ['read'] });
    const req = request({ path: '/x', headers: { authorization: user.authorization } });
    for (const _ of [1, 2]) {
      const refused = await adminOnly(req);
      expect(refused.ok ? null : errorCode(refused.response)).toBe('insufficient_scope');
      expect(await readOnly(req)).toMatchObject({ ok: true, principal: { userId: user.userId } });
    }
    const none = await readOnly(request({ path: '/x' }));
    expect(none.ok ? null : [none.response.status, none.response.headers['cache-control']]).toEqual(
      [401, 'no-store'],
    );
  });
});
