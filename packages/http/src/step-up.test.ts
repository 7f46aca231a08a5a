import { ConfigError } from '@portcullis/core';
import type { TestAuth } from '@portcullis/core/testing';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';
import { createAuthHandler } from './handler.ts';
import { APP_ORIGIN, httpHarness, request, sessionTokenFrom } from './test-support/harness.ts';

const code = (secret: string, at: Date) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

/** Turns MFA on for `userId` (core calls) and returns a backup code set. */
async function withMfa(
  auth: TestAuth['auth'],
  clock: TestAuth['clock'],
  userId: string,
  currentSessionId: string,
) {
  const enrolled = await auth.enrolTotp({ userId, currentSessionId });
  if (!enrolled.ok) throw new Error(enrolled.reason);
  const confirmed = await auth.confirmTotp({
    userId,
    code: code(enrolled.secret, clock.now()),
    currentSessionId,
  });
  if (!confirmed.ok) throw new Error(confirmed.reason);
  return confirmed.backupCodes;
}

describe('step-up', () => {
  it('refuses a stepUp without a positive whole maxAge at creation', () => {
    const h = httpHarness();
    for (const stepUp of [{ maxAge: 0 }, { maxAge: -5 }, { maxAge: 1.5 }, null]) {
      const options = { allowedOrigins: [APP_ORIGIN], stepUp: stepUp as { maxAge: number } };
      expect(() => createAuthHandler(h.auth, options)).toThrow(ConfigError);
      expect(() => createAuthenticator(h.auth, { allowedOrigins: [APP_ORIGIN] }, options)).toThrow(
        ConfigError,
      );
    }
  });

  it('requireAuth with stepUp admits only an aal2 session younger than maxAge', async () => {
    const h = httpHarness();
    const authenticate = createAuthenticator(h.auth, h.httpOptions, { stepUp: { maxAge: 300 } });
    const user = await h.cookieUser();
    const get = (cookie: string) => authenticate(request({ path: '/x', headers: { cookie } }));
    const aal1 = await get(user.cookie);
    expect(aal1.ok ? 200 : aal1.response.status).toBe(403);
    expect(aal1.ok ? null : aal1.response.body).toMatchObject({
      error: { code: 'step_up_required' },
    });

    const backupCodes = await withMfa(h.auth, h.clock, user.userId, user.sessionId);
    const signIn = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: user.email, password: user.password, mode: 'bearer' },
    });
    const { challengeToken } = signIn.body as { challengeToken: string };
    const completed = await h.send({
      method: 'POST',
      path: '/sign-in/mfa',
      body: { challengeToken, method: 'backup_code', code: backupCodes[0], mode: 'bearer' },
    });
    const { accessToken } = completed.body as { accessToken: string };
    const bearer = () =>
      authenticate(request({ path: '/x', headers: { authorization: `Bearer ${accessToken}` } }));
    expect((await bearer()).ok).toBe(true);
    h.clock.advance(301);
    const stale = await bearer();
    expect(stale.ok ? 200 : stale.response.status).toBe(403);
  });

  it('the auth routes ask only users with MFA to step up', async () => {
    const h = httpHarness({ http: { stepUp: { maxAge: 600 } } });
    const change = (cookie: string, currentPassword: string) =>
      h.send({
        method: 'POST',
        path: '/password/change',
        headers: { origin: APP_ORIGIN, cookie },
        body: { currentPassword, newPassword: `new ${crypto.randomUUID()}` },
      });
    const plain = await h.cookieUser();
    expect((await change(plain.cookie, plain.password)).status).toBe(200);

    const user = await h.cookieUser();
    await withMfa(h.auth, h.clock, user.userId, user.sessionId);
    const refused = await change(user.cookie, user.password);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'step_up_required' } });
  });

  it('an older session cannot put an authenticator on an account without MFA', async () => {
    // A stolen cookie that is 16 minutes old: enrolling needs a session begun within
    // mfa.recentSignIn (15 minutes), so the thief cannot lock the owner out with their app.
    const h = httpHarness();
    const user = await h.cookieUser();
    const enrol = (cookie: string) =>
      h.send({
        method: 'POST',
        path: '/mfa/totp',
        headers: { origin: APP_ORIGIN, cookie },
        body: {},
      });
    h.clock.advance(16 * 60);
    const refused = await enrol(user.cookie);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'recent_sign_in_required' } });
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({ totp: 'none' });

    // Signing in again (proving the password) makes a session that may.
    const again = await h.send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN },
      body: { email: user.email, password: user.password },
    });
    const fresh = `__Host-portcullis_session=${sessionTokenFrom(again)}`;
    expect((await enrol(fresh)).status).toBe(200);
  });

  it('an older session cannot mint an API key, a fresh one can', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const mint = (cookie: string) =>
      h.send({
        method: 'POST',
        path: '/api-keys',
        headers: { origin: APP_ORIGIN, cookie },
        body: { name: 'script' },
      });
    h.clock.advance(16 * 60);
    const refused = await mint(user.cookie);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'recent_sign_in_required' } });
    const again = await h.send({
      method: 'POST',
      path: '/sign-in',
      headers: { origin: APP_ORIGIN },
      body: { email: user.email, password: user.password },
    });
    expect((await mint(`__Host-portcullis_session=${sessionTokenFrom(again)}`)).status).toBe(201);
  });
});
