/**
 * A key never carries more than the credential that mints it: an access token the app
 * issued with fewer scopes than its `scopes` option (here: none) can neither create a key
 * with a scope it lacks nor rotate into a successor of a wider key. The narrow token is
 * issued the way an app would, with the server's own key (it needs AUTH_SECRET).
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
  describe('API keys: capped by the caller’s scopes', () => {
    it('a token without reports:read can neither create nor rotate into a key that has it', async () => {
      const { email, password } = await verifiedUser(api());
      const signedIn = await signInWithBearer(api(), email, password);
      const narrow = { bearer: await narrowToken(secret(), signedIn.accessToken, []) };
      expect((await api().get('/auth/me', narrow)).status).toBe(200);

      const create = await api().request('POST', '/auth/api-keys', {
        as: narrow,
        json: { name: 'wider', scopes: ['reports:read'] },
      });
      expect(create.status).toBe(403);
      expect(errorCode(create)).toBe('insufficient_scope');
      // Within its own scopes (none) the same token may create a key.
      const within = await api().request('POST', '/auth/api-keys', {
        as: narrow,
        json: { name: 'within' },
      });
      expect(within.status).toBe(201);

      // A key made with the full token cannot be renewed through the narrow one.
      const wide = await api().request('POST', '/auth/api-keys', {
        as: { bearer: signedIn.accessToken },
        json: { name: 'wide', scopes: ['reports:read'] },
      });
      expect(wide.status).toBe(201);
      const id = text(wide.body, 'key', 'id');
      const rotate = await api().request('POST', `/auth/api-keys/${id}/rotate`, { as: narrow });
      expect(rotate.status).toBe(403);
      expect(errorCode(rotate)).toBe('insufficient_scope');
      const keys = await api().request('GET', '/auth/api-keys', { as: narrow });
      expect(
        (keys.body as { keys: { name: string; scopes: string[] }[] }).keys.map(
          ({ name, scopes }) => [name, scopes],
        ),
      ).toEqual([
        ['wide', ['reports:read']],
        ['within', []],
      ]);
    });
  });
}
