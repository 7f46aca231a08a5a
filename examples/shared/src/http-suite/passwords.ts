/** Forgotten-password reset by mailed link, and password change by a signed-in user. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode } from './client.ts';
import {
  freshPassword,
  latestMail,
  signInWithBearer,
  signInWithCookie,
  verifiedUser,
} from './flows.ts';

export function describePasswords(api: () => ApiClient): void {
  describe('passwords', () => {
    it('resets a forgotten password by the mailed link and ends every old session', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);
      const app = await signInWithBearer(api(), email, password);

      const forgot = await api().post('/auth/password/forgot', { email });
      expect(forgot.status).toBe(202);
      const mail = await latestMail(api(), email, 'password_reset');
      const token = mail.token ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The link opens the example app itself, with the token out of the server's logs.
      expect(mail.link).toBe(`${api().origin}/#reset-password=${token}`);

      const newPassword = freshPassword();
      const reset = await api().post('/auth/password/reset', { token, password: newPassword });
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ status: 'password_reset' });

      expect((await api().get('/auth/me', { cookie: browser.cookie })).status).toBe(401);
      expect((await api().get('/auth/me', { bearer: app.accessToken })).status).toBe(401);
      const refresh = await api().post('/auth/refresh', { refreshToken: app.refreshToken });
      expect(refresh.status).toBe(401);

      const old = await api().post('/auth/sign-in', { email, password });
      expect(old.status).toBe(401);
      await signInWithBearer(api(), email, newPassword);

      // The link works once.
      const again = await api().post('/auth/password/reset', { token, password: freshPassword() });
      expect(again.status).toBe(400);
      await signInWithBearer(api(), email, newPassword);
    });

    it('changes the password: the current session stays, the others end', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);
      const other = await signInWithBearer(api(), email, password);
      const newPassword = freshPassword();

      const wrong = await api().request('POST', '/auth/password/change', {
        json: { currentPassword: freshPassword(), newPassword },
        as: { cookie: browser.cookie },
      });
      // 403, not 401: the session is fine, and a 401 would make clients sign the user out.
      expect(wrong.status).toBe(403);
      expect(errorCode(wrong)).toBe('invalid_current_password');
      expect((await api().get('/auth/me', { bearer: other.accessToken })).status).toBe(200);

      const changed = await api().request('POST', '/auth/password/change', {
        json: { currentPassword: password, newPassword },
        as: { cookie: browser.cookie },
      });
      expect(changed.status).toBe(200);
      expect((await api().get('/auth/me', { cookie: browser.cookie })).status).toBe(200);
      expect((await api().get('/auth/me', { bearer: other.accessToken })).status).toBe(401);
      expect((await api().post('/auth/sign-in', { email, password })).status).toBe(401);
      await signInWithCookie(api(), email, newPassword);
    });
  });
}
