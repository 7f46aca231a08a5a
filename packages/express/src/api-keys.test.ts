import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifiedUser } from '@portcullis/core/testing';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExpressAuthOptions } from './index.ts';
import { requireAuth } from './index.ts';
import { APP_ORIGIN, testAuth } from './test-support/auth.ts';

const servers: { close(): void }[] = [];
afterAll(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('requireAuth with apiKeys: true (Express)', () => {
  it('sets res.locals.portcullis to the key’s principal and enforces scopes and ranges', async () => {
    const harness = testAuth();
    const { auth } = harness;
    const options: ExpressAuthOptions = { allowedOrigins: [APP_ORIGIN], onError: () => undefined };
    const app = express();
    app.get(
      '/api/reports',
      requireAuth(auth, options, { apiKeys: true, scopes: ['reports:read'] }),
      (_req, res) => {
        const caller = res.locals.portcullis;
        res.json({ via: caller.via, userId: caller.userId });
      },
    );
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/reports`;

    const founder = await verifiedUser(harness);
    const created = await auth.createOrganization({ userId: founder.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const owner = { organizationId: created.organization.id };
    const { apiKey } = await auth.createApiKey({
      owner,
      name: 'ci',
      scopes: ['reports:read'],
      allowedIps: ['127.0.0.0/8'],
    });
    const { apiKey: elsewhere } = await auth.createApiKey({
      owner,
      name: 'office',
      scopes: ['reports:read'],
      allowedIps: ['10.0.0.0/8'],
    });
    const get = (headers: Record<string, string>) => fetch(url, { headers });

    const ok = await get({ 'x-api-key': apiKey });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ via: 'api_key', userId: null });
    const outside = await get({ 'x-api-key': elsewhere });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe(
      'api_key_ip_not_allowed',
    );
    expect((await get({ authorization: `Bearer ${apiKey}` })).status).toBe(401);
  });
});
