import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness } from './test-support/harness.ts';

const linkUrl = `${APP_ORIGIN}/sign-in/link`;
const once = { capacity: 1, refillPerSecond: 0.0001 };

describe('disabled flows over HTTP', () => {
  it('every route of a switched-off flow is 404 not_found and does nothing', async () => {
    const h = httpHarness({
      config: {
        passwordless: { linkUrl },
        flows: { signUp: false, passwordReset: false, magicLinks: false, signInCodes: false },
      },
      // One request per bucket: a second 404 (not 429) proves no bucket was taken.
      rateLimits: {
        rules: {
          sign_up: [{ by: 'ip', policy: once }],
          password_forgot: [{ by: 'ip', policy: once }],
          magic_link: [{ by: 'ip', policy: once }],
          sign_in_code: [{ by: 'ip', policy: once }],
        },
      },
    });
    const requests = [
      {
        path: '/sign-up',
        body: { email: 'a@example.com', password: 'correct horse battery staple' },
      },
      { path: '/password/forgot', body: { email: 'a@example.com' } },
      { path: '/password/reset', body: { token: 'x', password: 'correct horse battery staple' } },
      { path: '/magic-link', body: { email: 'a@example.com' } },
      { path: '/magic-link/consume', body: { token: 'x' } },
      { path: '/sign-in-code', body: { email: 'a@example.com' } },
      { path: '/sign-in-code/verify', body: { email: 'a@example.com', code: '123456' } },
    ];
    for (const request of [...requests, ...requests]) {
      const response = await h.send({
        method: 'POST',
        ...request,
        headers: { origin: APP_ORIGIN },
      });
      expect(response.status, request.path).toBe(404);
      expect(errorCode(response)).toBe('not_found');
    }
    expect(h.mailbox).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('the flows left on keep working', async () => {
    const h = httpHarness({ config: { passwordless: { linkUrl }, flows: { magicLinks: false } } });
    const user = await h.verifiedUser();
    const forgot = await h.send({
      method: 'POST',
      path: '/password/forgot',
      body: { email: user.email },
    });
    expect(forgot.status).toBe(202);
    const magic = await h.send({
      method: 'POST',
      path: '/magic-link',
      body: { email: user.email },
    });
    expect(magic.status).toBe(404);
  });
});

describe('GET /flows', () => {
  it('lists which flows are on, for clients that hide switched-off forms', async () => {
    const h = httpHarness({ config: { flows: { signUp: false, passkeys: false } } });
    const response = await h.send({ path: '/flows' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      flows: {
        signUp: false,
        passwordReset: true,
        magicLinks: true,
        signInCodes: true,
        oauth: true,
        passkeys: false,
      },
    });
  });
});
