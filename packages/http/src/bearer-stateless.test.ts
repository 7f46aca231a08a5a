import { ConfigError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';
import { errorCode, httpHarness, request } from './test-support/harness.ts';
import type { AuthHttpOptions } from './types.ts';

describe('stateless bearer mode', () => {
  it('accepts a valid token without reading storage', async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const user = await h.bearerUser();
    let reads = 0;
    const findById = h.repos.sessions.findById.bind(h.repos.sessions);
    h.repos.sessions.findById = (id) => {
      reads++;
      return findById(id);
    };
    const authenticate = createAuthenticator(h.auth, h.httpOptions);
    const result = await authenticate(
      request({ path: '/api/profile', headers: { authorization: user.authorization } }),
    );
    expect(result).toMatchObject({ ok: true, principal: { userId: user.userId, via: 'bearer' } });
    expect(reads).toBe(0);
  });

  it('keeps honouring a revoked session until the token expires (the documented lag), then refuses', async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const user = await h.bearerUser();
    await h.auth.revokeSession({ userId: user.userId, sessionId: user.sessionId });
    const authenticate = createAuthenticator(h.auth, h.httpOptions);
    const profile = () =>
      authenticate(
        request({ path: '/api/profile', headers: { authorization: user.authorization } }),
      );
    expect(await profile()).toMatchObject({ ok: true });
    h.clock.advance(900 + 31);
    const expired = await profile();
    if (expired.ok) throw new Error('expected a refusal');
    expect([expired.response.status, errorCode(expired.response)]).toEqual([401, 'invalid_token']);
  });

  it("checks the session on the auth routes: an ended session's token lists, ends and spares nothing", async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const user = await h.bearerUser();
    await h.auth.revokeSession({ userId: user.userId, sessionId: user.sessionId });
    // The owner signs in again; the stolen token of the ended session must not touch it.
    const fresh = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password, mode: 'bearer' },
    });
    const freshSession = (fresh.body as { session: { id: string } }).session.id;
    const headers = { authorization: user.authorization };
    const attempts = [
      { method: 'GET', path: '/sessions' },
      { method: 'POST', path: '/sessions/revoke-others' },
      { method: 'DELETE', path: `/sessions/${freshSession}` },
    ];
    for (const attempt of attempts) {
      const response = await h.send({ ...attempt, headers });
      expect([attempt.path, response.status]).toEqual([attempt.path, 401]);
    }
    const sessions = await h.auth.listSessions({ userId: user.userId });
    expect(sessions.map((session) => session.id)).toEqual([freshSession]);
  });

  it('still refuses forged and tampered tokens', async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const user = await h.bearerUser();
    const [header = '', payload = '', signature = ''] = user.accessToken.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const token of [`${header}.${payload}.${flipped}`, `${header}.${payload}.`]) {
      const response = await h.send({ path: '/me', headers: { authorization: `Bearer ${token}` } });
      expect([response.status, errorCode(response)]).toEqual([401, 'invalid_token']);
    }
  });

  it('leaves cookie sessions checked against storage', async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const user = await h.cookieUser();
    await h.auth.revokeSession({ userId: user.userId, sessionId: user.sessionId });
    const response = await h.send({ path: '/me', headers: { cookie: user.cookie } });
    expect(response.status).toBe(401);
  });

  it('refuses an unknown mode at creation', () => {
    const h = httpHarness();
    const options = { ...h.httpOptions, bearer: 'cached' } as unknown as AuthHttpOptions;
    expect(() => createAuthenticator(h.auth, options)).toThrow(ConfigError);
  });
});
