import { describe, expect, it } from 'vitest';
import { parseBasicCredentials } from './routes/introspect.ts';
import { errorCode, httpHarness } from './test-support/harness.ts';

const client = { id: 'reports-api', secret: 'a resource server secret of 32 bytes!' };
const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
const FORM = 'application/x-www-form-urlencoded';

function harness() {
  return httpHarness({ config: { introspection: { clients: [client] } } });
}

describe('POST /introspect (RFC 7662)', () => {
  it('introspects a bearer token and an API key for a client with credentials', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await h.auth.createApiKey({ owner: { userId: user.userId }, name: 'ci' });
    const ask = (token: string) =>
      h.send({
        method: 'POST',
        path: '/introspect',
        headers: { authorization: basic(client.id, client.secret), 'content-type': FORM },
        body: { token },
      });
    const access = await ask(user.accessToken);
    expect(access.status).toBe(200);
    expect(access.headers['cache-control']).toBe('no-store');
    expect(access.body).toMatchObject({ active: true, token_type: 'Bearer', sub: user.userId });
    const key = await ask(apiKey);
    expect(key.body).toMatchObject({ active: true, token_type: 'api_key', sub: user.userId });
    expect((await ask('garbage')).body).toEqual({ active: false });
  });

  it('answers 401 invalid_client with a Basic challenge for missing or wrong credentials', async () => {
    const h = harness();
    for (const authorization of [
      undefined,
      basic(client.id, 'wrong'),
      basic('other', client.secret),
      'Bearer x',
    ]) {
      const response = await h.send({
        method: 'POST',
        path: '/introspect',
        headers: authorization === undefined ? {} : { authorization },
        body: { token: 'x' },
      });
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('invalid_client');
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
    }
  });

  it('needs a token (400) and is rate limited per address (429)', async () => {
    const h = httpHarness({
      config: { introspection: { clients: [client] } },
      rateLimits: {
        rules: { introspection: [{ by: 'ip', policy: { capacity: 1, refillPerSecond: 0.001 } }] },
      },
    });
    const send = () =>
      h.send({
        method: 'POST',
        path: '/introspect',
        headers: { authorization: basic(client.id, client.secret) },
        body: {},
      });
    expect((await send()).status).toBe(400);
    expect((await send()).status).toBe(429);
  });

  it('parses Basic credentials strictly (RFC 6749 §2.3.1 form-encoding, one colon split)', () => {
    expect(parseBasicCredentials(basic('a b', 'x:y%'))).toEqual({ id: 'a b', secret: 'x:y%' });
    for (const bad of [null, '', 'Basic', 'Basic !!!', `Basic ${btoa('no-colon')}`, 'Bearer abc']) {
      expect(parseBasicCredentials(bad)).toBeNull();
    }
  });
});
