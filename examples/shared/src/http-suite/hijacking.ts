/**
 * Attack cases over HTTP: pre-account hijacking and sign-in answers that would tell an
 * attacker an address has a pending sign-up.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode } from './client.ts';
import { freshEmail, freshPassword, mailsTo, signUp, verifiedUser } from './flows.ts';

/** The codes mailed to `email`, oldest first. */
async function codesTo(api: ApiClient, email: string): Promise<string[]> {
  const mails = await mailsTo(api, email);
  return mails
    .flatMap((mail) => (mail.type === 'email_verification_code' ? [mail.code ?? ''] : []))
    .reverse();
}

export function describeHijacking(api: () => ApiClient): void {
  describe('pre-account hijacking', () => {
    it('an attacker who signs up first with the victim’s address never gets the account', async () => {
      const email = freshEmail();
      const attackerPassword = freshPassword();
      const victimPassword = freshPassword();
      await signUp(api(), email, attackerPassword);
      // Later the victim signs up, and presses "send a new code" for good measure.
      await signUp(api(), email, victimPassword);
      expect((await api().post('/auth/verify-email/resend', { email })).status).toBe(202);
      const [attackerCode, victimCode] = await codesTo(api(), email);
      expect(victimCode).toMatch(/^\d{6}$/);

      const verified = await api().post('/auth/verify-email', { email, code: victimCode });
      expect(verified.status).toBe(200);
      const victim = await api().post('/auth/sign-in', { email, password: victimPassword });
      expect(victim.status).toBe(200);
      const attacker = await api().post('/auth/sign-in', { email, password: attackerPassword });
      expect(attacker.status).toBe(401);
      expect(errorCode(attacker)).toBe('invalid_credentials');
      // The attacker's own sign-up cannot be redeemed any more either.
      const late = await api().post('/auth/verify-email', { email, code: attackerCode });
      expect(late.status).toBe(400);
      expect(errorCode(late)).toBe('invalid');
    });

    it('sign-in against a pending sign-up answers exactly like a wrong password', async () => {
      const email = freshEmail();
      const password = freshPassword();
      await signUp(api(), email, password);
      const pending = await api().post('/auth/sign-in', { email, password });
      const known = await verifiedUser(api());
      const wrong = await api().post('/auth/sign-in', {
        email: known.email,
        password: freshPassword(),
      });
      expect(pending.status).toBe(wrong.status);
      expect(pending.body).toEqual(wrong.body);
      expect(pending.setCookies).toEqual(wrong.setCookies);
    });
  });
}
