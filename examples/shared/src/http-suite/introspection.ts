/**
 * RFC 7662 introspection on both apps, through each binding's body reading: a form body
 * with HTTP Basic client credentials, for an access token and an API key.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, record, text } from './client.ts';
import { signInWithBearer, verifiedUser } from './flows.ts';

/** The client the suite's server is started with (INTROSPECTION_CLIENT). */
export const SUITE_INTROSPECTION_CLIENT = {
  id: 'suite-resource-server',
  secret: 'the suite resource server secret, 32+ characters',
};

const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

function introspect(api: ApiClient, token: string, authorization: string) {
  return api.request('POST', '/auth/introspect', {
    rawBody: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
  });
}

export function describeIntrospection(api: () => ApiClient): void {
  describe('token introspection', () => {
    const { id, secret } = SUITE_INTROSPECTION_CLIENT;

    it('a form request with client credentials introspects an access token and an API key', async () => {
      const { email, password } = await verifiedUser(api());
      const signedIn = await signInWithBearer(api(), email, password);
      const access = await introspect(api(), signedIn.accessToken, basic(id, secret));
      expect(access.status).toBe(200);
      expect(access.body).toMatchObject({
        active: true,
        token_type: 'Bearer',
        sub: signedIn.userId,
      });
      const created = await api().request('POST', '/auth/api-keys', {
        as: { bearer: signedIn.accessToken },
        json: { name: 'introspected', scopes: ['reports:read'] },
      });
      const key = await introspect(api(), text(created.body, 'apiKey'), basic(id, secret));
      expect(record(key.body)).toMatchObject({
        active: true,
        token_type: 'api_key',
        scope: 'reports:read',
      });
      const signedOut = await api().post('/auth/sign-out', undefined, {
        bearer: signedIn.accessToken,
      });
      expect(signedOut.status).toBe(204);
      const after = await introspect(api(), signedIn.accessToken, basic(id, secret));
      expect(after.body).toEqual({ active: false });
    });

    it('wrong client credentials are 401 invalid_client with a Basic challenge', async () => {
      const response = await introspect(api(), 'anything', basic(id, `${secret}!`));
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('invalid_client');
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    });

    it('other routes still refuse form bodies (415)', async () => {
      const response = await api().request('POST', '/auth/sign-in', {
        rawBody: 'email=a%40example.com&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
    });
  });
}
