/**
 * Passkeys over HTTP with the soft authenticator of `@portcullis/core/testing` (genuine
 * `none` attestations and ES256 assertions): the whole journey, then the attacks. The
 * relying party is the app's origin on `localhost` (browsers refuse an IP address as rpId).
 */
import { randomBytes } from 'node:crypto';
import type { SoftAuthenticator } from '@portcullis/core/testing';
import { softAuthenticator } from '@portcullis/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import type { ApiClient } from './client.ts';
import { ApiClient as Client, errorCode, record, text } from './client.ts';
import { sessionCookie, signInWithCookie, verifiedUser } from './flows.ts';
import { totpCode } from './mfa-flows.ts';

type Options = Parameters<SoftAuthenticator['get']>[0];
type CreationOptions = Parameters<SoftAuthenticator['create']>[0];

/** The origin a browser on the app would report: the app's own, on `localhost`. */
function pageOrigin(api: ApiClient): string {
  const url = new URL(api.origin);
  url.hostname = 'localhost';
  return url.origin;
}

/** A verified user signed in by cookie who added a passkey over HTTP. */
async function userWithPasskey(api: ApiClient, authenticator = softAuthenticator()) {
  const user = await verifiedUser(api);
  const browser = await signInWithCookie(api, user.email, user.password);
  const as = { cookie: browser.cookie };
  const begun = await api.post('/auth/passkeys/registration/options', {}, as);
  expect(begun.status).toBe(200);
  const options = record(begun.body).options as CreationOptions;
  const response = await authenticator.create(options, { origin: pageOrigin(api) });
  const added = await api.post('/auth/passkeys/registration', { response, name: 'Laptop' }, as);
  expect(added.status).toBe(201);
  return { ...user, ...browser, authenticator, passkeyId: text(added.body, 'passkey', 'id') };
}

async function signInOptions(api: ApiClient): Promise<Options> {
  const begun = await api.post('/auth/sign-in/passkey/options', {});
  expect(begun.status).toBe(200);
  return record(begun.body).options as Options;
}

export function describePasskeys(api: () => ApiClient): void {
  describe('passkeys', () => {
    it('register, list, rename, sign in usernameless, second factor, step-up, remove', async () => {
      const user = await userWithPasskey(api());
      const origin = pageOrigin(api());
      const as = { cookie: user.cookie };
      const listed = await api().get('/auth/passkeys', as);
      expect(listed.body).toMatchObject({ passkeys: [{ id: user.passkeyId, name: 'Laptop' }] });
      const renamed = await api().request('PATCH', `/auth/passkeys/${user.passkeyId}`, {
        json: { name: 'Work laptop' },
        as,
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ passkey: { name: 'Work laptop' } });

      // Usernameless: no email typed; the user verified, so aal2.
      const assertion = await user.authenticator.get(await signInOptions(api()), { origin });
      const signedIn = await api().post('/auth/sign-in/passkey', { response: assertion });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toMatchObject({
        status: 'signed_in',
        user: { id: user.userId },
        session: { aal: 'aal2' },
      });
      const bearer = await user.authenticator.get(await signInOptions(api()), { origin });
      const tokens = await api().post('/auth/sign-in/passkey', {
        response: bearer,
        mode: 'bearer',
      });
      expect(typeof record(tokens.body).accessToken).toBe('string');

      // Two-factor sign-in on: the passkey answers the MFA step.
      const enrolled = await api().post('/auth/mfa/totp', {}, as);
      const secret = text(enrolled.body, 'secret');
      const confirmed = await api().post('/auth/mfa/totp/confirm', { code: totpCode(secret) }, as);
      expect(confirmed.status).toBe(200);
      const password = await api().post('/auth/sign-in', {
        email: user.email,
        password: user.password,
      });
      expect(password.body).toMatchObject({ status: 'mfa_required' });
      expect(record(password.body).factors).toContain('webauthn');
      const challengeToken = text(password.body, 'challengeToken');
      const mfaOptions = await api().post('/auth/sign-in/mfa/passkey/options', { challengeToken });
      expect(mfaOptions.status).toBe(200);
      const second = await user.authenticator.get(record(mfaOptions.body).options as Options, {
        origin,
      });
      const completed = await api().post('/auth/sign-in/mfa', {
        challengeToken,
        method: 'webauthn',
        response: second,
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ session: { aal: 'aal2' } });
      const mfaCookie = { cookie: sessionCookie(completed).pair };

      // Step-up with the passkey replaces the session.
      const stepUpOptions = await api().post('/auth/mfa/step-up/passkey/options', {}, mfaCookie);
      expect(stepUpOptions.status).toBe(200);
      const stepUp = await user.authenticator.get(record(stepUpOptions.body).options as Options, {
        origin,
      });
      const stepped = await api().post(
        '/auth/mfa/step-up',
        { method: 'webauthn', response: stepUp },
        mfaCookie,
      );
      expect(stepped.status).toBe(200);
      const fresh = { cookie: sessionCookie(stepped).pair };

      const removed = await api().delete(`/auth/passkeys/${user.passkeyId}`, fresh);
      expect(removed.status).toBe(204);
      expect((await api().get('/auth/passkeys', fresh)).body).toEqual({ passkeys: [] });
    });

    it('a passkey without user verification of an MFA user: mfa_required as from /sign-in, finished by a code only', async () => {
      const origin = pageOrigin(api());
      const key = softAuthenticator({ userVerification: false });
      const user = await userWithPasskey(api(), key);
      const as = { cookie: user.cookie };
      const enrolled = await api().post('/auth/mfa/totp', {}, as);
      const secret = text(enrolled.body, 'secret');
      const confirmed = await api().post('/auth/mfa/totp/confirm', { code: totpCode(secret) }, as);
      expect(confirmed.status).toBe(200);
      const backupCodes = record(confirmed.body).backupCodes as string[];

      const assertion = await key.get(await signInOptions(api()), { origin });
      const signIn = await api().post('/auth/sign-in/passkey', { response: assertion });
      const password = await api().post('/auth/sign-in', {
        email: user.email,
        password: user.password,
      });
      // The same answer as the password step, minus webauthn, and no credential at all.
      expect(signIn.status).toBe(password.status);
      expect(Object.keys(record(signIn.body)).sort()).toEqual(
        Object.keys(record(password.body)).sort(),
      );
      expect(signIn.body).toMatchObject({
        status: 'mfa_required',
        factors: ['totp', 'backup_code'],
      });
      expect(signIn.headers.get('set-cookie')).toBeNull();
      const challengeToken = text(signIn.body, 'challengeToken');

      const options = await api().post('/auth/sign-in/mfa/passkey/options', { challengeToken });
      expect(options.status).toBe(409);
      expect(errorCode(options)).toBe('passkey_was_first_factor');
      // Options from the password's challenge, answered for the passkey's: refused.
      const passwordToken = text(password.body, 'challengeToken');
      const other = await api().post('/auth/sign-in/mfa/passkey/options', {
        challengeToken: passwordToken,
      });
      const second = await key.get(record(other.body).options as Options, { origin });
      const refused = await api().post('/auth/sign-in/mfa', {
        challengeToken,
        method: 'webauthn',
        response: second,
      });
      expect(refused.status).toBe(400);
      expect(errorCode(refused)).toBe('invalid_code');

      const completed = await api().post('/auth/sign-in/mfa', {
        challengeToken,
        method: 'backup_code',
        code: backupCodes[0],
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ session: { aal: 'aal2' } });

      // Step-up asks for user verification, and refuses an assertion without it.
      const stepUpOptions = await api().post('/auth/mfa/step-up/passkey/options', {}, as);
      const stepUpRequest = record(stepUpOptions.body).options as Options;
      expect(stepUpRequest.userVerification).toBe('required');
      const stepUp = await key.get(stepUpRequest, { origin });
      const stepped = await api().post(
        '/auth/mfa/step-up',
        { method: 'webauthn', response: stepUp },
        as,
      );
      expect(stepped.status).toBe(400);
      expect(errorCode(stepped)).toBe('invalid_code');
    });

    it('refuses a replayed assertion and a reused challenge', async () => {
      const user = await userWithPasskey(api());
      const origin = pageOrigin(api());
      const options = await signInOptions(api());
      const assertion = await user.authenticator.get(options, { origin });
      expect((await api().post('/auth/sign-in/passkey', { response: assertion })).status).toBe(200);
      const replayed = await api().post('/auth/sign-in/passkey', { response: assertion });
      expect(replayed.status).toBe(401);
      expect(errorCode(replayed)).toBe('invalid_passkey');
      // A fresh signature over the spent challenge fails too.
      const again = await user.authenticator.get(options, { origin });
      expect(errorCode(await api().post('/auth/sign-in/passkey', { response: again }))).toBe(
        'invalid_passkey',
      );
    });

    it('refuses an assertion made on another origin (phishing)', async () => {
      const user = await userWithPasskey(api());
      const phished = await user.authenticator.get(await signInOptions(api()), {
        origin: 'https://portcullis-login.example',
      });
      const response = await api().post('/auth/sign-in/passkey', { response: phished });
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('invalid_passkey');
    });

    it("refuses another user's passkey for the MFA step", async () => {
      const origin = pageOrigin(api());
      const victim = await userWithPasskey(api());
      const attacker = await userWithPasskey(api());
      for (const user of [victim, attacker]) {
        const as = { cookie: user.cookie };
        const enrolled = await api().post('/auth/mfa/totp', {}, as);
        const code = totpCode(text(enrolled.body, 'secret'));
        expect((await api().post('/auth/mfa/totp/confirm', { code }, as)).status).toBe(200);
      }
      // The attacker knows the victim's password, and answers with their own passkey.
      const password = await api().post('/auth/sign-in', {
        email: victim.email,
        password: victim.password,
      });
      const challengeToken = text(password.body, 'challengeToken');
      const begun = await api().post('/auth/sign-in/mfa/passkey/options', { challengeToken });
      const forged = await attacker.authenticator.get(record(begun.body).options as Options, {
        origin,
        credentialId: attacker.authenticator.credentials()[0]?.credentialId ?? '',
      });
      const response = await api().post('/auth/sign-in/mfa', {
        challengeToken,
        method: 'webauthn',
        response: forged,
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('invalid_code');
    });

    it('refuses an oversized or misshapen response with a typed 400', async () => {
      const user = await userWithPasskey(api());
      const assertion = await user.authenticator.get(await signInOptions(api()), {
        origin: pageOrigin(api()),
      });
      const huge = {
        ...assertion,
        response: { ...assertion.response, authenticatorData: 'A'.repeat(10_000) },
      };
      const oversized = await api().post('/auth/sign-in/passkey', { response: huge });
      expect(oversized.status).toBe(400);
      expect(oversized.body).toMatchObject({
        error: {
          code: 'invalid_input',
          issues: [{ field: 'response.response.authenticatorData', problem: 'too_long' }],
        },
      });
      const misshapen = await api().post('/auth/sign-in/passkey', { response: [assertion] });
      expect(errorCode(misshapen)).toBe('invalid_input');
      const beyondBody = await api().request('POST', '/auth/sign-in/passkey', {
        rawBody: JSON.stringify({ response: 'A'.repeat(100_000) }),
      });
      expect(beyondBody.status).toBe(413);
    });

    it('refuses registration without a session, and a cross-site one', async () => {
      const unauthenticated = await api().post('/auth/passkeys/registration/options', {});
      expect(unauthenticated.status).toBe(401);
      const user = await verifiedUser(api());
      const browser = await signInWithCookie(api(), user.email, user.password);
      const crossSite = await api().post(
        '/auth/passkeys/registration/options',
        {},
        { cookie: browser.cookie, origin: 'https://evil.example' },
      );
      expect(errorCode(crossSite)).toBe('csrf_rejected');
      const noSession = await api().post('/auth/passkeys/registration', { response: {} });
      expect(noSession.status).toBe(401);
    });
  });
}

/** The per-address limit of the public passkey routes, on a server with limits on. */
export function describePasskeyLimits(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
) {
  describe('passkey rate limits', () => {
    let server: { url: string; close(): Promise<void> } | undefined;
    beforeAll(async () => {
      server = await start({
        port: 0,
        env: {
          ...baseEnv,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
          RATE_LIMITS: 'on',
          TRUSTED_PROXIES: '127.0.0.1,::1',
        },
      });
    }, 30_000);
    afterAll(async () => {
      await server?.close();
    });

    it('limits the unauthenticated options and sign-in per address', async () => {
      if (!server) throw new Error('the example server did not start');
      const api = new Client(server.url);
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const ask = (ip: string) =>
        api.request('POST', '/auth/sign-in/passkey/options', { json: {}, headers: from(ip) });
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) statuses.push((await ask('198.51.100.60')).status);
      expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
      expect(statuses[60]).toBe(429);
      // Another address is not affected.
      expect((await ask('198.51.100.61')).status).toBe(200);
      const unknownCredential = {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
        clientExtensionResults: {},
      };
      const signIns: number[] = [];
      for (let i = 0; i < 31; i++) {
        const response = await api.request('POST', '/auth/sign-in/passkey', {
          json: { response: unknownCredential },
          headers: from('198.51.100.62'),
        });
        signIns.push(response.status);
      }
      expect(signIns.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(signIns[30]).toBe(429);
    });
  });
}
