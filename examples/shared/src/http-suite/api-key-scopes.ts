/**
 * An access token the app issued with fewer scopes than its `scopes` option (here: none)
 * cannot manage the account: no API key, no rotation or revocation, no TOTP enrolment and
 * no step-up, which would have traded it for a token holding every app scope (review H1).
 * The narrow token is issued the way an app would, with the server's own key (it needs
 * AUTH_SECRET).
 */
import {
  createAuthConfig,
  cryptoRandom,
  deriveKeys,
  issueAccessToken,
  systemClock,
} from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, text } from './client.ts';
import { signInWithBearer, verifiedUser } from './flows.ts';

/** The same session's access token, signed by the server's key, granting only `scopes`. */
async function narrowToken(secret: string, wide: string, scopes: readonly string[]) {
  const claims = JSON.parse(Buffer.from(wide.split('.')[1] ?? '', 'base64url').toString());
  const keys = await deriveKeys(secret);
  const config = createAuthConfig({
    secret: keys.serverSecret,
    issuer: claims.iss,
    audience: claims.aud,
    accessToken: {
      keys: [{ kid: 'example-hs256', alg: 'HS256', secret: keys.accessTokenSecret }],
    },
  });
  const issued = await issueAccessToken(
    { config, clock: systemClock, random: cryptoRandom },
    { userId: claims.sub, sessionId: claims.sid, aal: claims.aal, scopes },
  );
  return issued.token;
}

export function describeApiKeyScopeCap(api: () => ApiClient, secret: () => string): void {
  describe('narrow access tokens: no account management', () => {
    it('a token without the app’s scopes can neither mint nor rotate a key, nor widen itself through MFA', async () => {
      const { email, password } = await verifiedUser(api());
      const signedIn = await signInWithBearer(api(), email, password);
      const narrow = { bearer: await narrowToken(secret(), signedIn.accessToken, []) };
      expect((await api().get('/auth/me', narrow)).status).toBe(200);

      for (const json of [{ name: 'wider', scopes: ['reports:read'] }, { name: 'within' }]) {
        const create = await api().request('POST', '/auth/api-keys', { as: narrow, json });
        expect(create.status).toBe(403);
        expect(errorCode(create)).toBe('full_scope_required');
      }
      // Enrolling TOTP and stepping up would have minted a token with every app scope.
      const enrol = await api().request('POST', '/auth/mfa/totp', { as: narrow, json: {} });
      expect(enrol.status).toBe(403);
      expect(errorCode(enrol)).toBe('full_scope_required');
      const stepUp = await api().request('POST', '/auth/mfa/step-up', {
        as: narrow,
        json: { method: 'totp', code: '000000' },
      });
      expect(stepUp.status).toBe(403);
      expect(errorCode(stepUp)).toBe('full_scope_required');

      // A key made with the full token cannot be renewed or revoked through the narrow one.
      const wide = await api().request('POST', '/auth/api-keys', {
        as: { bearer: signedIn.accessToken },
        json: { name: 'wide', scopes: ['reports:read'] },
      });
      expect(wide.status).toBe(201);
      const id = text(wide.body, 'key', 'id');
      for (const [method, path] of [
        ['POST', `/auth/api-keys/${id}/rotate`],
        ['DELETE', `/auth/api-keys/${id}`],
      ] as const) {
        const refused = await api().request(method, path, { as: narrow });
        expect(refused.status).toBe(403);
        expect(errorCode(refused)).toBe('full_scope_required');
      }
      const keys = await api().request('GET', '/auth/api-keys', { as: narrow });
      expect(
        (keys.body as { keys: { name: string; scopes: string[] }[] }).keys.map(
          ({ name, scopes }) => [name, scopes],
        ),
      ).toEqual([['wide', ['reports:read']]]);
      const mfa = await api().get('/auth/mfa', narrow);
      expect(mfa.body).toMatchObject({ totp: 'none' });
    });
  });
}
