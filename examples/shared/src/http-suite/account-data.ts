/** The user's data rights over HTTP: download everything, delete the account. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, record } from './client.ts';
import { latestMail, signInWithCookie, verifiedUser } from './flows.ts';

export function describeAccountData(api: () => ApiClient): void {
  describe('download my data, delete my account', () => {
    it('exports the account with the app’s own module and no secret', async () => {
      const user = await verifiedUser(api());
      const { cookie, userId } = await signInWithCookie(api(), user.email, user.password);
      const { code } = await latestMail(api(), user.email, 'email_verification_code');

      const exported = await api().get('/auth/account/export', { cookie });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toBe(
        'attachment; filename="account-export.json"',
      );
      const modules = record(record(exported.body).modules);
      expect(Object.keys(modules)).toEqual(['dev-mailbox', 'portcullis']);
      expect(modules['dev-mailbox']).toEqual([
        expect.objectContaining({ type: 'email_verification_code' }),
      ]);
      expect(record(exported.body)).toMatchObject({ userId, errors: [] });
      for (const secret of [cookie.split('=')[1] ?? '', user.password, code ?? ''])
        expect(exported.text).not.toContain(secret);
    });

    it('deletes the account from the mailed link: every session ends, the link is single-use', async () => {
      const user = await verifiedUser(api());
      const browser = await signInWithCookie(api(), user.email, user.password);
      const phone = await signInWithCookie(api(), user.email, user.password);

      const requested = await api().post('/auth/account/delete', undefined, {
        cookie: browser.cookie,
      });
      expect(requested.status).toBe(202);
      const mail = await latestMail(api(), user.email, 'account_deletion');
      expect(mail.link).toMatch(/#delete-account=/);

      const confirmed = await api().post('/auth/account/delete/confirm', { token: mail.token });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toEqual({
        status: 'deleted',
        report: [
          { module: 'dev-mailbox', status: 'purged' },
          { module: 'portcullis', status: 'purged' },
        ],
      });
      for (const cookie of [browser.cookie, phone.cookie])
        expect((await api().get('/auth/me', { cookie })).status).toBe(401);
      const again = await api().post('/auth/account/delete/confirm', { token: mail.token });
      expect([again.status, errorCode(again)]).toEqual([400, 'invalid']);
      const signIn = await api().post('/auth/sign-in', user);
      expect([signIn.status, errorCode(signIn)]).toEqual([401, 'invalid_credentials']);
      // The app's hook purged the mailbox: no mail to the address is kept any more.
      const mailbox = record((await api().get('/dev/mailbox.json')).body).mails as { to: string }[];
      expect(mailbox.filter((entry) => entry.to === user.email)).toEqual([]);
    });

    it('refuses a tampered confirmation and deletes nothing', async () => {
      const user = await verifiedUser(api());
      const { cookie } = await signInWithCookie(api(), user.email, user.password);
      await api().post('/auth/account/delete', undefined, { cookie });
      const { token = '' } = await latestMail(api(), user.email, 'account_deletion');
      const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
      const refused = await api().post('/auth/account/delete/confirm', { token: tampered });
      expect([refused.status, errorCode(refused)]).toEqual([400, 'invalid']);
      expect((await api().get('/auth/me', { cookie })).status).toBe(200);
    });
  });
}
