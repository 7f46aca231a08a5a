/**
 * The passkey routes on the handler, with the soft authenticator: registration needs a
 * signed-in recent session, sign-in answers like a password sign-in, the MFA step and
 * step-up take a webauthn proof, management is the owner's; flows, limits and input.
 */
import { softAuthenticator } from '@portcullis/core/testing';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness, sessionTokenFrom } from './test-support/harness.ts';

const passkeys = { rpId: 'app.example.com', rpName: 'Example', origins: [APP_ORIGIN] };
const origin = APP_ORIGIN;

function harness(extra: Parameters<typeof httpHarness>[0] = {}) {
  const h = httpHarness({ ...extra, config: { passkeys, ...extra.config } });
  const post = (path: string, cookie: string | null, body: unknown = {}) =>
    h.send({
      method: 'POST',
      path,
      headers: { origin, ...(cookie === null ? {} : { cookie }) },
      body,
    });
  /** A cookie user who registered a passkey over HTTP. */
  async function userWithPasskey() {
    const user = await h.cookieUser();
    const authenticator = softAuthenticator();
    const begun = await post('/passkeys/registration/options', user.cookie);
    expect(begun.status).toBe(200);
    const { options } = begun.body as { options: never };
    const response = await authenticator.create(options, { origin });
    const added = await post('/passkeys/registration', user.cookie, { response, name: 'Laptop' });
    expect(added.status).toBe(201);
    const { passkey } = added.body as { passkey: { id: string } };
    return { ...user, authenticator, passkeyId: passkey.id };
  }
  return { ...h, post, userWithPasskey };
}

describe('passkey routes', () => {
  it('register, list, rename, sign in usernameless by cookie, remove', async () => {
    const h = harness();
    const user = await h.userWithPasskey();
    const listed = await h.send({ path: '/passkeys', headers: { cookie: user.cookie } });
    expect(listed.body).toMatchObject({ passkeys: [{ id: user.passkeyId, name: 'Laptop' }] });
    const renamed = await h.send({
      method: 'PATCH',
      path: `/passkeys/${user.passkeyId}`,
      headers: { origin, cookie: user.cookie },
      body: { name: 'Phone' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ passkey: { id: user.passkeyId, name: 'Phone' } });

    const begun = await h.post('/sign-in/passkey/options', null);
    const { options } = begun.body as { options: never };
    const response = await user.authenticator.get(options, { origin });
    const signedIn = await h.post('/sign-in/passkey', null, { response });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ status: 'signed_in', session: { aal: 'aal2' } });
    expect(sessionTokenFrom(signedIn)).toBeTruthy();

    const removed = await h.send({
      method: 'DELETE',
      path: `/passkeys/${user.passkeyId}`,
      headers: { origin, cookie: user.cookie },
    });
    expect(removed.status).toBe(204);
  });

  it('refuses registration without a session, with a stale one, and a cross-site PATCH', async () => {
    const h = harness();
    expect((await h.post('/passkeys/registration/options', null)).status).toBe(401);
    const user = await h.userWithPasskey();
    const crossSite = await h.send({
      method: 'PATCH',
      path: `/passkeys/${user.passkeyId}`,
      headers: { origin: 'https://evil.example', cookie: user.cookie },
      body: { name: 'Mine now' },
    });
    expect(errorCode(crossSite)).toBe('csrf_rejected');
    h.clock.advance(16 * 60);
    const stale = await h.post('/passkeys/registration/options', user.cookie);
    expect(stale.status).toBe(403);
    expect(errorCode(stale)).toBe('recent_sign_in_required');
  });

  it('answers a bad or oversized response with a typed 400, and a bad passkey with 401', async () => {
    const h = harness();
    const user = await h.userWithPasskey();
    const begun = await h.post('/sign-in/passkey/options', null);
    const response = await user.authenticator.get((begun.body as { options: never }).options, {
      origin,
    });
    const huge = { ...response, response: { ...response.response, signature: 'A'.repeat(2000) } };
    const oversized = await h.post('/sign-in/passkey', null, { response: huge });
    expect(oversized.status).toBe(400);
    expect(oversized.body).toMatchObject({
      error: {
        code: 'invalid_input',
        issues: [{ field: 'response.response.signature', problem: 'too_long' }],
      },
    });
    expect(errorCode(await h.post('/sign-in/passkey', null, { response: 'x' }))).toBe(
      'invalid_input',
    );
    expect((await h.post('/sign-in/passkey', null, { response })).status).toBe(200);
    const replayed = await h.post('/sign-in/passkey', null, { response });
    expect(replayed.status).toBe(401);
    expect(errorCode(replayed)).toBe('invalid_passkey');
  });

  it('completes the MFA step and steps up with a passkey', async () => {
    const h = harness();
    const user = await h.userWithPasskey();
    const enrolled = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId: user.sessionId,
    });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const code = TOTP.generate({
      secret: Secret.fromBase32(enrolled.secret),
      timestamp: h.clock.now().getTime(),
    });
    const confirmed = await h.auth.confirmTotp({
      userId: user.userId,
      code,
      currentSessionId: user.sessionId,
    });
    if (!confirmed.ok) throw new Error(confirmed.reason);

    const password = await h.post('/sign-in', null, { email: user.email, password: user.password });
    const { challengeToken, factors } = password.body as {
      challengeToken: string;
      factors: string[];
    };
    expect(factors).toContain('webauthn');
    const begun = await h.post('/sign-in/mfa/passkey/options', null, { challengeToken });
    expect(begun.status).toBe(200);
    const response = await user.authenticator.get((begun.body as { options: never }).options, {
      origin,
    });
    const completed = await h.post('/sign-in/mfa', null, {
      challengeToken,
      method: 'webauthn',
      response,
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'signed_in', session: { aal: 'aal2' } });
    const cookie = `__Host-portcullis_session=${sessionTokenFrom(completed)}`;

    const stepUp = await h.post('/mfa/step-up/passkey/options', cookie);
    expect(stepUp.status).toBe(200);
    const assertion = await user.authenticator.get((stepUp.body as { options: never }).options, {
      origin,
    });
    const stepped = await h.post('/mfa/step-up', cookie, {
      method: 'webauthn',
      response: assertion,
    });
    expect(stepped.status).toBe(200);

    const dead = await h.post('/sign-in/mfa/passkey/options', null, { challengeToken });
    expect(dead.status).toBe(401);
    expect(errorCode(dead)).toBe('invalid_challenge');
  });

  it('limits the public options route per address', async () => {
    const h = harness({ rateLimits: {} });
    const statuses = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await h.post('/sign-in/passkey/options', null)).status);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('every route is 404 when passkeys are off or not configured', async () => {
    for (const h of [harness({ config: { flows: { passkeys: false } } }), httpHarness()]) {
      const cookie = (await h.cookieUser()).cookie;
      for (const [method, path] of [
        ['POST', '/passkeys/registration/options'],
        ['POST', '/passkeys/registration'],
        ['POST', '/sign-in/passkey/options'],
        ['POST', '/sign-in/passkey'],
        ['POST', '/sign-in/mfa/passkey/options'],
        ['POST', '/mfa/step-up/passkey/options'],
        ['GET', '/passkeys'],
        ['PATCH', '/passkeys/some-id'],
        ['DELETE', '/passkeys/some-id'],
      ] as const) {
        const response = await h.send({ method, path, headers: { origin, cookie }, body: {} });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    }
  });
});
