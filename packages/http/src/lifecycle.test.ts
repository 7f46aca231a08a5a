import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness } from './test-support/harness.ts';

describe('account export and deletion routes', () => {
  it('exports the signed-in user’s data as a JSON download', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const response = await h.send({ path: '/account/export', headers: { cookie: user.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="account-export.json"',
    );
    expect(response.body).toMatchObject({ userId: user.userId, errors: [] });
    expect(JSON.stringify(response.body)).not.toContain(user.token);
  });

  it('requests, then confirms a deletion; the confirmation is single-use and clears the cookie', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const as = { origin: APP_ORIGIN, cookie: user.cookie };
    const requested = await h.send({ method: 'POST', path: '/account/delete', headers: as });
    expect(requested).toMatchObject({ status: 202, body: { status: 'deletion_requested' } });
    const { token } = h.lastMail('account_deletion');

    const confirmed = await h.send({
      method: 'POST',
      path: '/account/delete/confirm',
      body: { token },
    });
    expect(confirmed).toMatchObject({
      status: 200,
      body: { status: 'deleted', report: [{ module: 'portcullis', status: 'purged' }] },
    });
    expect(confirmed.setCookies[0]).toMatch(/^__Host-portcullis_session=;.*Max-Age=0/);
    const replay = await h.send({
      method: 'POST',
      path: '/account/delete/confirm',
      body: { token },
    });
    expect([replay.status, errorCode(replay)]).toEqual([400, 'invalid']);
    const me = await h.send({ path: '/me', headers: { cookie: user.cookie } });
    expect(me.status).toBe(401);
  });

  it('answers an expired or tampered confirmation 400 invalid, and a missing token 400 invalid_input', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    await h.send({
      method: 'POST',
      path: '/account/delete',
      headers: { origin: APP_ORIGIN, cookie: user.cookie },
    });
    const { token } = h.lastMail('account_deletion');
    const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    for (const body of [{ token: tampered }, { token: 'x' }]) {
      const response = await h.send({ method: 'POST', path: '/account/delete/confirm', body });
      expect([response.status, errorCode(response)]).toEqual([400, 'invalid']);
    }
    const missing = await h.send({ method: 'POST', path: '/account/delete/confirm', body: {} });
    expect([missing.status, errorCode(missing)]).toEqual([400, 'invalid_input']);
    h.clock.advance(24 * 3600);
    const expired = await h.send({
      method: 'POST',
      path: '/account/delete/confirm',
      body: { token },
    });
    expect([expired.status, errorCode(expired)]).toEqual([400, 'invalid']);
    expect(await h.auth.getUser({ userId: user.userId })).not.toBeNull();
  });

  it('refuses a foreign origin for the request (CSRF) and for the confirmation', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    const foreign = { origin: 'https://evil.example', cookie: user.cookie };
    const request = await h.send({ method: 'POST', path: '/account/delete', headers: foreign });
    expect([request.status, errorCode(request)]).toEqual([403, 'csrf_rejected']);
    const confirm = await h.send({
      method: 'POST',
      path: '/account/delete/confirm',
      headers: { origin: 'https://evil.example' },
      body: { token: 'x' },
    });
    expect([confirm.status, errorCode(confirm)]).toEqual([403, 'csrf_rejected']);
  });

  it('limits deletion requests and exports per user (429 with Retry-After), before core runs', async () => {
    const policy = { capacity: 2, refillPerSecond: 1 / 3600 };
    const h = httpHarness({
      rateLimits: {
        rules: {
          account_deletion: [{ by: 'user', policy }],
          account_export: [{ by: 'user', policy }],
        },
      },
    });
    const user = await h.cookieUser();
    const as = { origin: APP_ORIGIN, cookie: user.cookie };
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await h.send({ method: 'POST', path: '/account/delete', headers: as })).status,
      );
    expect(statuses).toEqual([202, 202, 429]);
    expect(h.mailbox.filter((mail) => mail.type === 'account_deletion')).toHaveLength(2);
    const exports = [];
    for (let i = 0; i < 3; i++) {
      const response = await h.send({ path: '/account/export', headers: as });
      exports.push([response.status, response.headers['retry-after'] !== undefined]);
    }
    expect(exports).toEqual([
      [200, false],
      [200, false],
      [429, true],
    ]);
  });
});
