/**
 * ID-token attacks over HTTP, on both apps: an issuer that answers like a real one but
 * hands out forged ID tokens (rogue-issuer.ts). Every forgery is refused with 401
 * `oauth_failed` and makes no account; the honest token signs in.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import type { ApiClient } from './client.ts';
import { ApiClient as Client, errorCode, record, text } from './client.ts';
import type { Forgery, RogueIssuer } from './rogue-issuer.ts';
import { startRogueIssuer } from './rogue-issuer.ts';

const CLIENT = { clientId: 'rogue-suite', clientSecret: randomBytes(24).toString('base64url') };

export function describeOAuthIdTokenAttacks(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
): void {
  describe('sign-in with providers: forged ID tokens', { timeout: 30_000 }, () => {
    let rogue: RogueIssuer | undefined;
    let server: { url: string; close(): Promise<void> } | undefined;
    let client: ApiClient | undefined;

    beforeAll(async () => {
      rogue = await startRogueIssuer(CLIENT);
      server = await start({
        port: 0,
        env: {
          ...baseEnv,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
          RATE_LIMITS: 'off',
          OIDC_ISSUER: rogue.issuer,
          OIDC_CLIENT_ID: CLIENT.clientId,
          OIDC_CLIENT_SECRET: CLIENT.clientSecret,
        },
      });
      client = new Client(server.url);
    }, 30_000);
    afterAll(async () => {
      await Promise.all([server?.close(), rogue?.close()]);
    });
    const issuer = (): RogueIssuer => {
      if (!rogue) throw new Error('the issuer did not start');
      return rogue;
    };

    /** One sign-in whose token endpoint returns `forgery`'s token. */
    async function signInWith(forgery: Forgery | null) {
      const api = client;
      if (!api) throw new Error('the example server did not start');
      issuer().forge(forgery ?? ((claims) => issuer().signRs256(claims)));
      const started = await api.post('/auth/oauth/oidc/start', {});
      expect(started.status).toBe(200);
      const cookie =
        (started.setCookies.find((c) => c.startsWith('portcullis_oauth=')) ?? '').split(';')[0] ??
        '';
      const redirect = await fetch(text(started.body, 'authorizationUrl'), { redirect: 'manual' });
      const params = Object.fromEntries(
        new URL(redirect.headers.get('location') ?? '').searchParams,
      );
      return api.request('POST', '/auth/oauth/oidc/callback', { json: params, as: { cookie } });
    }

    it('signs in with an honestly signed token', async () => {
      const response = await signInWith(null);
      expect(response.status, response.text).toBe(200);
      expect(record(response.body).status).toBe('created');
    });

    const now = () => Math.floor(Date.now() / 1000);
    const forgeries: readonly (readonly [string, () => Forgery])[] = [
      [
        'another audience',
        () => (claims) => issuer().signRs256({ ...claims, aud: 'someone-else' }),
      ],
      [
        'another issuer',
        () => (claims) => issuer().signRs256({ ...claims, iss: 'https://evil.example' }),
      ],
      [
        'a replayed nonce',
        () => (claims) => issuer().signRs256({ ...claims, nonce: 'from-another-sign-in' }),
      ],
      [
        'an expired token',
        () => (claims) => issuer().signRs256({ ...claims, iat: now() - 3600, exp: now() - 600 }),
      ],
      ['alg: none', () => (claims) => issuer().unsigned(claims)],
      [
        'HS256 keyed with the client secret',
        () => (claims) => issuer().signHs256(claims, CLIENT.clientSecret),
      ],
      [
        'an altered payload',
        () => (claims) => {
          const [header, , signature] = issuer().signRs256(claims).split('.');
          const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString(
            'base64url',
          );
          return `${header}.${altered}.${signature}`;
        },
      ],
    ];
    for (const [name, forgery] of forgeries) {
      it(`refuses ${name} with 401 oauth_failed`, async () => {
        const response = await signInWith(forgery());
        expect(response.status, response.text).toBe(401);
        expect(errorCode(response)).toBe('oauth_failed');
        expect(response.setCookies.some((c) => c.startsWith('portcullis_session='))).toBe(false);
      });
    }
  });
}
