/** Attack cases over HTTP: CSRF, forged or malformed credentials, enumeration, hostile bodies. */
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
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
  signUp,
  verifiedUser,
} from './flows.ts';

const EVIL = 'https://evil.example';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** The same claims under a header and signature of the attacker's choosing. */
function forgeries(accessToken: string): Record<string, string> {
  const [header = '', payload = '', signature = ''] = accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const raised = base64url(JSON.stringify({ ...claims, exp: Number(claims.exp) + 86_400 }));
  // The genuine header and claims, signed with a key the attacker made up.
  const wrongKey = createHmac('sha256', randomBytes(32))
    .update(`${header}.${payload}`)
    .digest('base64url');
  const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  return {
    'alg none': `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`,
    'payload changed': `${header}.${raised}.${signature}`,
    'signature flipped': `${header}.${payload}.${flipped}`,
    'signed with another key': `${header}.${payload}.${wrongKey}`,
  };
}

/** A GET with a Host header of our choosing (fetch always sends the URL's host). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function describeAttacks(api: () => ApiClient): void {
  describe('attacks', () => {
    it('hides the dev mailbox from a DNS-rebound page (a foreign Host header)', async () => {
      const email = freshEmail();
      await signUp(api(), email, freshPassword());
      for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
        const rebound = await getWithHost(`${api().url}${path}`, 'evil.example:80');
        expect(rebound.status, path).toBe(404);
        expect(rebound.body).not.toContain(email);
        const own = await getWithHost(`${api().url}${path}`, new URL(api().url).host);
        expect(own.status, path).toBe(200);
        expect(own.body).toContain(email);
      }
    });

    it('rejects cookie-authenticated state changes from a foreign origin (CSRF) with 403', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);
      const attempts = [
        { origin: EVIL, headers: {} },
        { origin: 'null', headers: {} },
        { origin: null, headers: { referer: `${EVIL}/page` } },
        { origin: null, headers: {} },
      ];
      for (const attempt of attempts) {
        const label = JSON.stringify(attempt);
        const as = { cookie: browser.cookie, origin: attempt.origin };
        const out = await api().request('POST', '/auth/sign-out', {
          as,
          headers: attempt.headers,
        });
        expect(out.status, label).toBe(403);
        expect(errorCode(out), label).toBe('csrf_rejected');
        const revoke = await api().request('DELETE', `/auth/sessions/${browser.sessionId}`, {
          as,
          headers: attempt.headers,
        });
        expect(revoke.status, label).toBe(403);
      }
      // Nothing happened: the session is alive, and the app's own origin still may sign out.
      expect((await api().get('/auth/me', { cookie: browser.cookie })).status).toBe(200);
      const sameOrigin = await api().post('/auth/sign-out', undefined, { cookie: browser.cookie });
      expect(sameOrigin.status).toBe(204);
    });

    it('refuses a sign-in posted from a foreign page (login CSRF)', async () => {
      const { email, password } = await verifiedUser(api());
      const forged = await api().request('POST', '/auth/sign-in', {
        json: { email, password },
        headers: { origin: EVIL },
      });
      expect(forged.status).toBe(403);
      expect(errorCode(forged)).toBe('csrf_rejected');
      expect(forged.setCookies).toEqual([]);
      const own = await api().request('POST', '/auth/sign-in', {
        json: { email, password },
        headers: { origin: api().origin },
      });
      expect(own.status).toBe(200);
    });

    it('answers malformed or forged Authorization headers with 401 invalid_token', async () => {
      const { email, password } = await verifiedUser(api());
      const { accessToken } = await signInWithBearer(api(), email, password);
      const headers: Record<string, string> = {
        'empty bearer': 'Bearer ',
        'no credentials': 'Bearer',
        'not a JWT': 'Bearer not-a-jwt',
        'two parts': 'Bearer abc.def',
        'garbage segments': 'Bearer !!!.???.***',
        'huge token': `Bearer ${'a'.repeat(8000)}.${'b'.repeat(100)}.c`,
        ...Object.fromEntries(
          Object.entries(forgeries(accessToken)).map(([name, token]) => [name, `Bearer ${token}`]),
        ),
      };
      for (const [name, authorization] of Object.entries(headers)) {
        const response = await api().request('GET', '/auth/me', { headers: { authorization } });
        expect(response.status, name).toBe(401);
        expect(errorCode(response), name).toBe('invalid_token');
        const profile = await api().request('GET', '/api/profile', { headers: { authorization } });
        expect(profile.status, name).toBe(401);
      }
      expect((await api().get('/auth/me', { bearer: accessToken })).status).toBe(200);
    });

    it('rejects unauthenticated requests to protected routes with 401 unauthenticated', async () => {
      const requests: [string, string][] = [
        ['GET', '/auth/me'],
        ['GET', '/auth/sessions'],
        ['POST', '/auth/sign-out'],
        ['POST', '/auth/sessions/revoke-others'],
        ['DELETE', '/auth/sessions/some-session'],
        ['POST', '/auth/password/change'],
        ['GET', '/api/profile'],
      ];
      for (const [method, path] of requests) {
        const response = await api().request(method, path);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(errorCode(response), `${method} ${path}`).toBe('unauthenticated');
      }
      const forgedCookie = await api().get('/auth/me', {
        cookie: `portcullis_session=${'A'.repeat(22)}.${'B'.repeat(43)}`,
      });
      expect(forgedCookie.status).toBe(401);
    });

    it("answers 404 for another user's session id and leaves that session alive", async () => {
      const victim = await verifiedUser(api());
      const attacker = await verifiedUser(api());
      const victimSession = await signInWithBearer(api(), victim.email, victim.password);
      const attackerSession = await signInWithBearer(api(), attacker.email, attacker.password);

      const response = await api().delete(`/auth/sessions/${victimSession.sessionId}`, {
        bearer: attackerSession.accessToken,
      });
      expect(response.status).toBe(404);
      expect((await api().get('/auth/me', { bearer: victimSession.accessToken })).status).toBe(200);
    });

    it('gives the same answer for existing and unknown addresses (no enumeration)', async () => {
      const existing = await verifiedUser(api());
      const unknown = freshEmail();
      for (const path of ['/auth/password/forgot', '/auth/verify-email/resend']) {
        const known = await api().post(path, { email: existing.email });
        const other = await api().post(path, { email: unknown });
        expect(known.status, path).toBe(202);
        expect(other.status, path).toBe(known.status);
        expect(other.body, path).toEqual(known.body);
      }
      const again = await api().post('/auth/sign-up', {
        email: existing.email,
        password: freshPassword(),
      });
      const fresh = await api().post('/auth/sign-up', {
        email: unknown,
        password: freshPassword(),
      });
      expect(again.status).toBe(202);
      expect(fresh.status).toBe(again.status);
      expect(fresh.body).toEqual(again.body);
      // Only the address's owner learns about the duplicate, by mail.
      await latestMail(api(), existing.email, 'account_exists');
      // The duplicate sign-up did not replace the password.
      await signInWithBearer(api(), existing.email, existing.password);
    });

    it('refuses a wrong verification code and still accepts the right one', async () => {
      const email = freshEmail();
      const password = freshPassword();
      await signUp(api(), email, password);
      const { code = '' } = await latestMail(api(), email, 'email_verification_code');
      const wrongCode = code === '000000' ? '111111' : '000000';

      const wrong = await api().post('/auth/verify-email', { email, code: wrongCode });
      expect(wrong.status).toBe(400);
      expect(errorCode(wrong)).toBe('invalid');
      const elsewhere = await api().post('/auth/verify-email', { email: freshEmail(), code });
      expect(elsewhere.status).toBe(400);
      const token = await api().post('/auth/verify-email', { token: 'x'.repeat(43) });
      expect(token.status).toBe(400);
      expect((await api().post('/auth/sign-in', { email, password })).status).toBe(401);

      const right = await api().post('/auth/verify-email', { email, code });
      expect(right.status).toBe(200);
      // The code works once.
      expect((await api().post('/auth/verify-email', { email, code })).status).toBe(400);
    });

    it('answers invalid JSON and invalid fields with 400, and writes nothing', async () => {
      const email = freshEmail();
      const broken = await api().request('POST', '/auth/sign-up', {
        rawBody: `{"email":"${email}","password":`,
      });
      expect(broken.status).toBe(400);
      expect(errorCode(broken)).toMatch(/^[a-z_]+$/);

      const invalid = await api().post('/auth/sign-up', { email: 'not-an-email', password: 'x' });
      expect(invalid.status).toBe(400);
      expect(errorCode(invalid)).toBe('invalid_input');
      const wrongTypes = await api().post('/auth/sign-in', { email: ['a'], password: {} });
      expect(wrongTypes.status).toBe(400);

      expect(await mailsTo(api(), email)).toEqual([]);
    });

    it('answers an oversized body with 413 and writes nothing', async () => {
      const email = freshEmail();
      const response = await api().request('POST', '/auth/sign-up', {
        rawBody: JSON.stringify({ email, password: freshPassword(), pad: 'x'.repeat(2 ** 20) }),
      });
      expect(response.status).toBe(413);
      expect(await mailsTo(api(), email)).toEqual([]);
    });
  });
}
