import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness, sessionTokenFrom } from './test-support/harness.ts';

const config = { passwordless: { linkUrl: `${APP_ORIGIN}/sign-in/link` } };
const perMinute = (capacity: number) => ({ capacity, refillPerSecond: capacity / 60 });

function harness(options: Parameters<typeof httpHarness>[0] = {}) {
  return httpHarness({ config, ...options });
}

type Harness = ReturnType<typeof harness>;

async function mailedLink(h: Harness, email: string, headers: Record<string, string> = {}) {
  const response = await h.send({ method: 'POST', path: '/magic-link', headers, body: { email } });
  expect(response.status).toBe(202);
  return h.lastMail('magic_link', email);
}

const consume = (token: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/magic-link/consume',
  headers: { origin: APP_ORIGIN },
  body: { token, ...extra },
});

describe('magic-link routes', () => {
  it('answer 202 link_sent for every address, mailing only the account', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    for (const email of [user.email, 'nobody@example.com']) {
      const response = await h.send({ method: 'POST', path: '/magic-link', body: { email } });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ status: 'link_sent' });
    }
    expect(h.mailbox.filter((mail) => mail.type === 'magic_link').map((mail) => mail.to)).toEqual([
      user.email,
    ]);
  });

  it('build the link from passwordless.linkUrl, whatever Host or Origin the request names', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    const mail = await mailedLink(h, user.email, {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(new URL(mail.url).origin).toBe(APP_ORIGIN);
  });

  it('sign in by cookie once; the replay is 400 invalid', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    const { token } = await mailedLink(h, user.email);
    const first = await h.send(consume(token));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'signed_in', user: { id: user.userId } });
    const me = await h.send({
      path: '/me',
      headers: { cookie: `__Host-portcullis_session=${sessionTokenFrom(first)}` },
    });
    expect(me.status).toBe(200);
    const replay = await h.send(consume(token));
    expect([replay.status, errorCode(replay)]).toEqual([400, 'invalid']);
  });

  it('sign in by bearer with access and refresh tokens', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    const { token } = await mailedLink(h, user.email);
    const response = await h.send(consume(token, { mode: 'bearer' }));
    expect(response.body).toMatchObject({
      status: 'signed_in',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(response.setCookies.some((cookie) => cookie.includes('portcullis_session'))).toBe(false);
  });

  it('refuse a tampered link, an expired one, and a link from a foreign origin', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    const { token } = await mailedLink(h, user.email);
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const refused = await h.send(consume(tampered));
    expect([refused.status, errorCode(refused)]).toEqual([400, 'invalid']);
    const foreign = await h.send({
      ...consume(token),
      headers: { origin: 'https://evil.example' },
    });
    expect(errorCode(foreign)).toBe('csrf_rejected');
    h.clock.advance(600);
    const expired = await h.send(consume(token));
    expect([expired.status, errorCode(expired)]).toEqual([400, 'link_expired']);
  });

  it('cap the mails per address at 202: the fourth request sends nothing', async () => {
    const h = harness({ rateLimits: {} });
    const user = await h.verifiedUser();
    for (let i = 0; i < 4; i++) await mailedLink(h, user.email);
    expect(h.mailbox.filter((mail) => mail.type === 'magic_link')).toHaveLength(3);
  });

  it('refuse requests past the per-address limit with 429', async () => {
    const h = harness({
      rateLimits: { rules: { magic_link: [{ by: 'ip', policy: perMinute(2) }] } },
    });
    const send = () => h.send({ method: 'POST', path: '/magic-link', body: { email: 'a@b.co' } });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(429);
  });
});

describe('sign-in code routes', () => {
  const verify = (email: string, code: string) => ({
    method: 'POST',
    path: '/sign-in-code/verify',
    headers: { origin: APP_ORIGIN },
    body: { email, code },
  });

  it('answer 202 code_sent for every address and sign in once with the code', async () => {
    const h = harness();
    const user = await h.verifiedUser();
    for (const email of [user.email, 'nobody@example.com']) {
      const response = await h.send({ method: 'POST', path: '/sign-in-code', body: { email } });
      expect([response.status, response.body]).toEqual([202, { status: 'code_sent' }]);
    }
    const { code } = h.lastMail('sign_in_code', user.email);
    expect((await h.send(verify(user.email, code))).status).toBe(200);
    const again = await h.send(verify(user.email, code));
    expect([again.status, errorCode(again)]).toEqual([400, 'invalid']);
  });

  it('answer a malformed code 400 invalid_input, before any lookup', async () => {
    const h = harness();
    const response = await h.send(verify('ada@example.com', '12ab56'));
    expect([response.status, errorCode(response)]).toEqual([400, 'invalid_input']);
  });

  it('limit guesses per address and email with 429', async () => {
    const h = harness({
      rateLimits: {
        rules: { sign_in_code_verify: [{ by: 'ip_email', policy: perMinute(3) }] },
      },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.send(verify('a@b.co', '000000'))).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});
