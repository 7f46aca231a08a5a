/** Forgotten-password reset by mailed link, and password change by a signed-in user. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode } from './client.ts';
import {
  freshEmail,
  freshPassword,
  latestMail,
  mailsTo,
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

    it('refuses common passwords at sign-up, reset and change with 400 password_too_common', async () => {
      const expectTooCommon = (response: { status: number; body: unknown }, step: string) => {
        expect(response.status, step).toBe(400);
        expect(response.body, step).toMatchObject({
          error: { code: 'password_too_common', message: expect.stringContaining('too common') },
        });
      };
      // Sign-up: refused alike for a new address and a taken one, and nothing is mailed.
      const { email, password } = await verifiedUser(api());
      const stranger = freshEmail();
      for (const address of [stranger, email])
        expectTooCommon(
          await api().post('/auth/sign-up', { email: address, password: 'Password123' }),
          `sign-up ${address}`,
        );
      expect(await mailsTo(api(), stranger)).toEqual([]);

      const browser = await signInWithCookie(api(), email, password);
      const change = await api().request('POST', '/auth/password/change', {
        json: { currentPassword: password, newPassword: 'qwertyuiop' },
        as: { cookie: browser.cookie },
      });
      expectTooCommon(change, 'change');

      await api().post('/auth/password/forgot', { email });
      const { token } = await latestMail(api(), email, 'password_reset');
      expectTooCommon(
        await api().post('/auth/password/reset', { token, password: 'iloveyou1' }),
        'reset',
      );
      // The refused reset did not spend the link, and the old password still works.
      await signInWithBearer(api(), email, password);
      const reset = await api().post('/auth/password/reset', { token, password: freshPassword() });
      expect(reset.status).toBe(200);
    });
  });
}
