import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';
import { APP_ORIGIN, errorCode, httpHarness, request } from './test-support/harness.ts';

const SCOPES = ['reports:read', 'reports:write'];

function harness(options: Parameters<typeof httpHarness>[0] = {}) {
  return httpHarness({ ...options, http: { scopes: SCOPES, ...options.http } });
}
type Harness = ReturnType<typeof harness>;

async function createdKey(h: Harness, headers: Record<string, string>, body: object = {}) {
  const response = await h.send({
    method: 'POST',
    path: '/api-keys',
    headers: { origin: APP_ORIGIN, ...headers },
    body: { name: 'ci', scopes: ['reports:read'], ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { apiKey: string; key: { id: string; userId: string } };
}

/** An app route guarded by `requireAuth(..., { apiKeys: true, scopes })`. */
function appRoute(h: Harness, scopes: readonly string[] = []) {
  const authenticate = createAuthenticator(h.auth, h.httpOptions, { apiKeys: true, scopes });
  return (headers: Record<string, string>, remoteAddress?: string) =>
    authenticate(
      request({ path: '/api/reports', headers, ...(remoteAddress ? { remoteAddress } : {}) }),
    );
}

describe('API-key routes', () => {
  it('create (201, key shown once), list without secrets, revoke (204), then 404', async () => {
    const h = harness();
    const user = await h.cookieUser();
    const headers = { cookie: user.cookie };
    const { apiKey, key } = await createdKey(h, headers);
    expect(key.userId).toBe(user.userId);
    const listed = await h.send({ path: '/api-keys', headers });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(apiKey.split('.')[1]);
    expect((listed.body as { keys: { id: string }[] }).keys.map((k) => k.id)).toEqual([key.id]);

    const del = {
      method: 'DELETE',
      path: `/api-keys/${key.id}`,
      headers: { ...headers, origin: APP_ORIGIN },
    };
    expect((await h.send(del)).status).toBe(204);
    const again = await h.send(del);
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('not_found');
  });

  it('the owner is the caller: a body naming another owner is 400, never obeyed', async () => {
    const h = harness();
    const victim = await h.bearerUser();
    const attacker = await h.bearerUser();
    for (const smuggled of [
      { userId: victim.userId },
      { owner: { userId: victim.userId } },
      { organizationId: 'org_victim' },
    ]) {
      const response = await h.send({
        method: 'POST',
        path: '/api-keys',
        headers: { authorization: attacker.authorization },
        body: { name: 'x', ...smuggled },
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('invalid_input');
    }
    expect(await h.auth.listApiKeys({ owner: { userId: victim.userId } })).toEqual([]);
  });

  it('another user can neither list, revoke nor rotate my key (404, not 403)', async () => {
    const h = harness();
    const owner = await h.bearerUser();
    const stranger = await h.bearerUser();
    const { apiKey, key } = await createdKey(h, { authorization: owner.authorization });
    const as = { authorization: stranger.authorization };
    const listed = await h.send({ path: '/api-keys', headers: as });
    expect(listed.body).toEqual({ keys: [] });
    const revoke = await h.send({ method: 'DELETE', path: `/api-keys/${key.id}`, headers: as });
    expect(revoke.status).toBe(404);
    const rotate = await h.send({
      method: 'POST',
      path: `/api-keys/${key.id}/rotate`,
      headers: as,
    });
    expect(rotate.status).toBe(404);
    expect((await appRoute(h)({ 'x-api-key': apiKey })).ok).toBe(true);
  });

  it('refuses scopes the app does not grant, and bad restrictions, with 400', async () => {
    const h = harness();
    const user = await h.bearerUser();
    for (const body of [
      { name: 'x', scopes: ['admin'] },
      { name: 'x', allowedIps: ['10.0.0.0/'] },
      { name: 'x', allowedIps: '10.0.0.0/8' },
      { name: 'x', allowedOrigins: ['https://app.example.com/path'] },
      { name: 'x', expiresInSeconds: '60' },
      { name: 42 },
    ]) {
      const response = await h.send({
        method: 'POST',
        path: '/api-keys',
        headers: { authorization: user.authorization },
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('rotation: 201 with the new key; the old one works inside the overlap, not after', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const auth = { authorization: user.authorization };
    const { apiKey: oldKey, key } = await createdKey(h, auth);
    const rotated = await h.send({
      method: 'POST',
      path: `/api-keys/${key.id}/rotate`,
      headers: auth,
      body: { overlapSeconds: 300 },
    });
    expect(rotated.status).toBe(201);
    const { apiKey: newKey } = rotated.body as { apiKey: string };
    const app = appRoute(h);
    expect((await app({ 'x-api-key': oldKey })).ok).toBe(true);
    expect((await app({ 'x-api-key': newKey })).ok).toBe(true);
    h.clock.advance(300);
    const after = await app({ 'x-api-key': oldKey });
    expect(after.ok === false && after.response.status).toBe(401);
    expect((await app({ 'x-api-key': newKey })).ok).toBe(true);
  });

  it('creating and rotating are rate limited per user; revoking never is', async () => {
    const h = harness({
      rateLimits: {
        rules: { api_key_write: [{ by: 'user', policy: { capacity: 2, refillPerSecond: 0.001 } }] },
      },
    });
    const user = await h.bearerUser();
    const auth = { authorization: user.authorization };
    const { key } = await createdKey(h, auth);
    await createdKey(h, auth);
    const third = await h.send({
      method: 'POST',
      path: '/api-keys',
      headers: auth,
      body: { name: 'x' },
    });
    expect(third.status).toBe(429);
    const revoke = await h.send({ method: 'DELETE', path: `/api-keys/${key.id}`, headers: auth });
    expect(revoke.status).toBe(204);
  });
});

describe('requireAuth with API keys', () => {
  it('accepts a key in X-API-Key as a principal of its own kind, with its scopes', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey, key } = await createdKey(h, { authorization: user.authorization });
    const result = await appRoute(h, ['reports:read'])({ 'x-api-key': apiKey });
    expect(result).toEqual({
      ok: true,
      principal: {
        via: 'api_key',
        keyId: key.id,
        userId: user.userId,
        organizationId: null,
        scopes: ['reports:read'],
      },
    });
  });

  it('a key lacking a required scope is 403 insufficient_scope', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(h, { authorization: user.authorization });
    const result = await appRoute(h, ['reports:write'])({ 'x-api-key': apiKey });
    expect(result.ok === false && errorCode(result.response)).toBe('insufficient_scope');
  });

  it('a key presented as a bearer token is refused (401 invalid_token)', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(h, { authorization: user.authorization });
    const result = await appRoute(h)({ authorization: `Bearer ${apiKey}` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(401);
    expect(errorCode(result.response)).toBe('invalid_token');
  });

  it('a key together with an Authorization header is refused, whichever is valid', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(h, { authorization: user.authorization });
    const result = await appRoute(h)({ 'x-api-key': apiKey, authorization: user.authorization });
    expect(result.ok === false && errorCode(result.response)).toBe('invalid_api_key');
  });

  it('without apiKeys: true the header is not a credential', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(h, { authorization: user.authorization });
    const sessionsOnly = createAuthenticator(h.auth, h.httpOptions);
    const result = await sessionsOnly(
      request({ path: '/api/x', headers: { 'x-api-key': apiKey } }),
    );
    expect(result.ok === false && errorCode(result.response)).toBe('unauthenticated');
  });

  it('revoked, expired, forged and garbage keys are 401 invalid_api_key', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const auth = { authorization: user.authorization };
    const revoked = await createdKey(h, auth);
    await h.send({ method: 'DELETE', path: `/api-keys/${revoked.key.id}`, headers: auth });
    const expiring = await createdKey(h, auth, { expiresInSeconds: 60 });
    h.clock.advance(60);
    const live = await createdKey(h, auth);
    const forged = `${live.apiKey.slice(0, -1)}${live.apiKey.endsWith('A') ? 'B' : 'A'}`;
    for (const key of [revoked.apiKey, expiring.apiKey, forged, 'pcl_x', 'x'.repeat(10_000)]) {
      const result = await appRoute(h)({ 'x-api-key': key });
      expect(result.ok === false && result.response.status).toBe(401);
      expect(result.ok === false && errorCode(result.response)).toBe('invalid_api_key');
    }
  });

  it('IP restrictions: outside the IPv4 or IPv6 range is 403 api_key_ip_not_allowed', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(
      h,
      { authorization: user.authorization },
      { allowedIps: ['198.51.100.0/24', '2001:db8:1::/48'] },
    );
    const app = appRoute(h);
    const from = (address: string) => app({ 'x-api-key': apiKey }, address);
    expect((await from('198.51.100.20')).ok).toBe(true);
    expect((await from('2001:db8:1:ff::9')).ok).toBe(true);
    for (const address of ['198.51.101.20', '2001:db8:2::9', '203.0.113.7']) {
      const result = await from(address);
      expect(result.ok === false && result.response.status, address).toBe(403);
      expect(result.ok === false && errorCode(result.response)).toBe('api_key_ip_not_allowed');
    }
    // A spoofed X-Forwarded-For from an untrusted peer changes nothing.
    const spoofed = await app(
      { 'x-api-key': apiKey, 'x-forwarded-for': '198.51.100.20' },
      '203.0.113.7',
    );
    expect(spoofed.ok).toBe(false);
  });

  it('origin restrictions: another origin is 403 api_key_origin_not_allowed', async () => {
    const h = harness();
    const user = await h.bearerUser();
    const { apiKey } = await createdKey(
      h,
      { authorization: user.authorization },
      { allowedOrigins: [APP_ORIGIN] },
    );
    const app = appRoute(h);
    expect((await app({ 'x-api-key': apiKey, origin: APP_ORIGIN })).ok).toBe(true);
    const foreign = await app({ 'x-api-key': apiKey, origin: 'https://evil.example' });
    expect(foreign.ok === false && errorCode(foreign.response)).toBe('api_key_origin_not_allowed');
  });
});

describe('api_key_failure without a client address', () => {
  it('counts refusals of requests that carry no address in one shared bucket', async () => {
    const h = harness({
      rateLimits: {
        rules: {
          api_key_failure: [{ by: 'ip', policy: { capacity: 2, refillPerSecond: 1 / 60 } }],
        },
      },
    });
    const authenticate = createAuthenticator(h.auth, h.httpOptions, { apiKeys: true });
    const bad = { 'x-api-key': `pcl_${'a'.repeat(22)}.${'b'.repeat(43)}` };
    const anonymous = () =>
      authenticate({
        ...request({ path: '/api/reports', headers: bad }),
        remoteAddress: undefined,
      });
    const codes = [];
    for (let i = 0; i < 3; i += 1) {
      const result = await anonymous();
      codes.push(result.ok ? 'ok' : errorCode(result.response));
    }
    expect(codes).toEqual(['invalid_api_key', 'invalid_api_key', 'rate_limited']);
    // An addressed client keeps its own bucket.
    const addressed = await authenticate(request({ path: '/api/reports', headers: bad }));
    expect(addressed.ok === false && errorCode(addressed.response)).toBe('invalid_api_key');
  });
});
