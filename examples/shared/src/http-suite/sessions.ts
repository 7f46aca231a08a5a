/** Session listing and revocation, sign-out in both modes, refresh-token rotation and replay. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { record, text } from './client.ts';
import { COOKIE_NAME, signInWithBearer, signInWithCookie, verifiedUser } from './flows.ts';

function sessionIds(body: unknown): string[] {
  const sessions = record(body).sessions;
  if (!Array.isArray(sessions)) throw new Error('sessions is not an array');
  return sessions.map((session) => text(session, 'id'));
}

export function describeSessions(api: () => ApiClient): void {
  describe('sessions', () => {
    it('lists the sessions and revokes another one', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);
      const phone = await signInWithBearer(api(), email, password);

      const listed = await api().get('/auth/sessions', { cookie: browser.cookie });
      expect(listed.status).toBe(200);
      expect(record(listed.body).currentSessionId).toBe(browser.sessionId);
      expect(sessionIds(listed.body).sort()).toEqual([browser.sessionId, phone.sessionId].sort());

      const revoked = await api().delete(`/auth/sessions/${phone.sessionId}`, {
        cookie: browser.cookie,
      });
      expect(revoked.status).toBe(204);
      expect((await api().get('/auth/me', { bearer: phone.accessToken })).status).toBe(401);
      const refresh = await api().post('/auth/refresh', { refreshToken: phone.refreshToken });
      expect(refresh.status).toBe(401);

      const after = await api().get('/auth/sessions', { bearer: phone.accessToken });
      expect(after.status).toBe(401);
      const still = await api().get('/auth/sessions', { cookie: browser.cookie });
      expect(sessionIds(still.body)).toEqual([browser.sessionId]);
    });

    it('revokes every other session and keeps the current one', async () => {
      const { email, password } = await verifiedUser(api());
      const current = await signInWithBearer(api(), email, password);
      const other = await signInWithBearer(api(), email, password);
      const browser = await signInWithCookie(api(), email, password);

      const response = await api().post('/auth/sessions/revoke-others', undefined, {
        bearer: current.accessToken,
      });
      expect(response.status).toBe(204);
      expect((await api().get('/auth/me', { bearer: current.accessToken })).status).toBe(200);
      expect((await api().get('/auth/me', { bearer: other.accessToken })).status).toBe(401);
      expect((await api().get('/auth/me', { cookie: browser.cookie })).status).toBe(401);
    });

    it('signs out a cookie session: the cookie is cleared and the session is dead', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);

      const out = await api().post('/auth/sign-out', undefined, { cookie: browser.cookie });
      expect(out.status).toBe(204);
      const cleared = out.setCookies.find((cookie) => cookie.startsWith(`${COOKIE_NAME}=`));
      expect(cleared).toBeDefined();
      expect(cleared).toMatch(new RegExp(`^${COOKIE_NAME}=;`));
      expect(cleared).toMatch(/max-age=0|expires=thu, 01 jan 1970/i);

      // A copy of the old cookie (say, stolen before sign-out) no longer works.
      expect((await api().get('/auth/me', { cookie: browser.cookie })).status).toBe(401);
    });

    it('signs out a bearer session and its refresh family', async () => {
      const { email, password } = await verifiedUser(api());
      const app = await signInWithBearer(api(), email, password);
      const out = await api().post('/auth/sign-out', undefined, { bearer: app.accessToken });
      expect(out.status).toBe(204);
      expect((await api().get('/auth/me', { bearer: app.accessToken })).status).toBe(401);
      // The example's routes run in strict mode: the token outlives nothing it stood for.
      expect((await api().get('/api/whoami', { bearer: app.accessToken })).status).toBe(401);
      const refresh = await api().post('/auth/refresh', { refreshToken: app.refreshToken });
      expect(refresh.status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotates, and a replayed token kills the whole family and its session', async () => {
      const { email, password } = await verifiedUser(api());
      const app = await signInWithBearer(api(), email, password);

      const first = await api().post('/auth/refresh', { refreshToken: app.refreshToken });
      expect(first.status).toBe(200);
      const second = text(first.body, 'refreshToken');
      expect(second).not.toBe(app.refreshToken);
      expect(text(first.body, 'accessTokenExpiresAt')).not.toBe('');
      const freshAccess = text(first.body, 'accessToken');
      expect((await api().get('/auth/me', { bearer: freshAccess })).status).toBe(200);

      const rotatedAgain = await api().post('/auth/refresh', { refreshToken: second });
      expect(rotatedAgain.status).toBe(200);
      const third = text(rotatedAgain.body, 'refreshToken');

      // The first token is presented again: theft is assumed (RFC 9700 §4.14.2).
      const replay = await api().post('/auth/refresh', { refreshToken: app.refreshToken });
      expect(replay.status).toBe(401);
      expect((await api().post('/auth/refresh', { refreshToken: third })).status).toBe(401);
      expect((await api().get('/auth/me', { bearer: freshAccess })).status).toBe(401);
      expect((await api().get('/auth/me', { bearer: app.accessToken })).status).toBe(401);
    });

    it('refuses an unknown or malformed refresh token with 401', async () => {
      for (const refreshToken of ['x'.repeat(43), 'not a token', '']) {
        const response = await api().post('/auth/refresh', { refreshToken });
        expect(response.status, refreshToken).toBe(401);
      }
    });
  });
}
