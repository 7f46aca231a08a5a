/** Sign-up, verification, sign-in in both modes, the current user and the JWKS. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, record, text } from './client.ts';
import {
  COOKIE_NAME,
  freshEmail,
  freshPassword,
  latestMail,
  sessionCookie,
  signInWithBearer,
  signUp,
  verifiedUser,
} from './flows.ts';

export function describeAccounts(api: () => ApiClient): void {
  describe('sign-up, verification and sign-in', () => {
    it('signs up, reads the code from the dev mailbox, verifies and signs in with a cookie', async () => {
      const email = freshEmail();
      const password = freshPassword();
      await signUp(api(), email, password);

      // No account until the code is redeemed: the right password reads like a wrong one.
      const early = await api().post('/auth/sign-in', { email, password });
      expect(early.status).toBe(401);
      expect(errorCode(early)).toBe('invalid_credentials');

      const mail = await latestMail(api(), email, 'email_verification_code');
      expect(mail.code).toMatch(/^\d{6}$/);
      const verified = await api().post('/auth/verify-email', { email, code: mail.code });
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual({ status: 'verified' });

      const signedIn = await api().post('/auth/sign-in', { email, password });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toMatchObject({ status: 'signed_in', user: { email } });
      const body = record(signedIn.body);
      // Cookie mode hands the browser nothing it could leak to scripts.
      expect(body).not.toHaveProperty('accessToken');
      expect(body).not.toHaveProperty('refreshToken');
      expect(body).not.toHaveProperty('sessionToken');
      const cookie = sessionCookie(signedIn);
      const attributes = cookie.attributes.map((attribute) => attribute.toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
      // Served over plain-http localhost, so `Secure` is off (browsers would drop the cookie).
      expect(attributes).not.toContain('secure');

      const me = await api().get('/auth/me', { cookie: cookie.pair });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user: { email, emailVerified: true },
        session: { id: text(signedIn.body, 'session', 'id') },
      });
      const profile = await api().get('/api/profile', { cookie: cookie.pair });
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ user: { email }, via: 'cookie' });
    });

    it('signs in for bearer tokens and uses them on /auth/me and /api/profile', async () => {
      const { email, password } = await verifiedUser(api());
      const signedIn = await signInWithBearer(api(), email, password);
      expect(signedIn.response.body).toMatchObject({ status: 'signed_in', user: { email } });
      expect(signedIn.accessToken.split('.')).toHaveLength(3);
      expect(text(signedIn.response.body, 'accessTokenExpiresAt')).not.toBe('');
      expect(signedIn.response.setCookies.some((c) => c.startsWith(`${COOKIE_NAME}=`))).toBe(false);

      const me = await api().get('/auth/me', { bearer: signedIn.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { email }, session: { id: signedIn.sessionId } });
      const profile = await api().get('/api/profile', { bearer: signedIn.accessToken });
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ user: { email }, via: 'bearer' });
      const whoami = await api().get('/api/whoami', { bearer: signedIn.accessToken });
      expect(whoami.status).toBe(200);
      expect(whoami.body).toEqual({
        userId: text(me.body, 'user', 'id'),
        sessionId: signedIn.sessionId,
        via: 'bearer',
        aal: 'aal1',
        scopes: ['reports:read'],
      });
      expect((await api().get('/api/whoami')).status).toBe(401);
    });

    it('answers wrong passwords and unknown addresses with the same 401', async () => {
      const { email } = await verifiedUser(api());
      const wrong = await api().post('/auth/sign-in', { email, password: freshPassword() });
      const unknown = await api().post('/auth/sign-in', {
        email: freshEmail(),
        password: freshPassword(),
      });
      expect(wrong.status).toBe(401);
      expect(errorCode(wrong)).toBe('invalid_credentials');
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body).toEqual(wrong.body);
    });

    it('accepts a resend request with 202', async () => {
      const email = freshEmail();
      await signUp(api(), email, freshPassword());
      const resent = await api().post('/auth/verify-email/resend', { email });
      expect(resent.status).toBe(202);
    });

    it('shows the mail on the dev mailbox page with its test ids', async () => {
      const email = freshEmail();
      await signUp(api(), email, freshPassword());
      const { code } = await latestMail(api(), email, 'email_verification_code');
      const page = await api().get('/dev/mailbox');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain(`data-testid="mail" data-to="${email}"`);
      expect(page.text).toContain(`<code data-testid="mail-code">${code}</code>`);
    });

    it('answers unknown paths with a JSON 404', async () => {
      for (const path of ['/no-such-page', '/auth/no-such-route', '/api/no-such-thing']) {
        const response = await api().get(path);
        expect(response.status, path).toBe(404);
        expect(errorCode(response), path).toBe('not_found');
      }
    });

    it('publishes a JWKS (empty for the HS256-only example)', async () => {
      const jwks = await api().get('/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(jwks.body).toEqual({ keys: [] });
    });
  });
}
