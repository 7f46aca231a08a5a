import { verifiedUser } from '@portcullis/core/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { HonoAuthOptions, PortcullisApiKeyEnv } from './index.ts';
import { requireAuth } from './index.ts';
import { APP_ORIGIN, testAuth } from './test-support/auth.ts';

describe('requireAuth with apiKeys: true (Hono)', () => {
  it('puts the key’s principal in c.get("portcullis") and enforces scopes and ranges', async () => {
    const harness = testAuth();
    const { auth } = harness;
    const options: HonoAuthOptions = { allowedOrigins: [APP_ORIGIN], onError: () => undefined };
    const app = new Hono<PortcullisApiKeyEnv>();
    app.get(
      '/api/reports',
      requireAuth(auth, options, { apiKeys: true, scopes: ['reports:read'] }),
      (c) => {
        const caller = c.get('portcullis');
        return c.json({
          via: caller.via,
          organizationId: caller.via === 'api_key' ? caller.organizationId : null,
        });
      },
    );
    const env = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
    const founder = await verifiedUser(harness);
    const created = await auth.createOrganization({ userId: founder.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const owner = { organizationId: created.organization.id };
    const { apiKey } = await auth.createApiKey({
      owner,
      name: 'ci',
      scopes: ['reports:read'],
      allowedIps: ['2001:db8::/32'],
    });
    const { apiKey: unscoped } = await auth.createApiKey({ owner, name: 'none' });
    const get = (key: string, address = '2001:db8::5') =>
      app.request('/api/reports', { headers: { 'x-api-key': key } }, env(address));

    const ok = await get(apiKey);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ via: 'api_key', organizationId: owner.organizationId });
    expect((await get(apiKey, '2001:db9::5')).status).toBe(403);
    expect((await get(unscoped)).status).toBe(403);
    const bearer = await app.request(
      '/api/reports',
      { headers: { authorization: `Bearer ${apiKey}` } },
      env('2001:db8::5'),
    );
    expect(bearer.status).toBe(401);
  });
});
