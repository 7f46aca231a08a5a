import { ConfigError, createAuthConfig, InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, testConfig, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

const client = { id: 'reports-api', secret: 'a resource server secret of 32 bytes!' };

function harness() {
  return testAuth({ configOverrides: { introspection: { clients: [client] } } });
}

describe('token introspection (RFC 7662)', () => {
  it('refuses a wrong secret or an unknown client as invalid_client, and records it', async () => {
    const h = harness();
    for (const [clientId, clientSecret] of [
      [client.id, `${client.secret}x`],
      ['other', client.secret],
      [client.id, ''],
    ] as const) {
      expect(await h.auth.introspectToken({ clientId, clientSecret, token: 'x' })).toEqual({
        ok: false,
        reason: 'invalid_client',
      });
    }
    expect(h.eventCount('introspection.client_refused')).toBe(3);
    await expect(
      h.auth.introspectToken({ clientId: client.id, clientSecret: untyped(1), token: 'x' }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('reports a live access token with sub, scope, exp, iat, iss, aud; inactive once its session ends', async () => {
    const h = harness();
    const user = await signedInUser(h);
    const { token, claims } = await h.auth.internal.issueAccessToken({
      userId: user.userId,
      sessionId: user.session.id,
      aal: 'aal1',
      scopes: ['reports:read'],
    });
    const ask = () =>
      h.auth.introspectToken({ clientId: client.id, clientSecret: client.secret, token });
    expect(await ask()).toEqual({
      ok: true,
      response: {
        active: true,
        token_type: 'Bearer',
        sub: user.userId,
        scope: 'reports:read',
        exp: Math.floor(claims.expiresAt.getTime() / 1000),
        iat: Math.floor(claims.issuedAt.getTime() / 1000),
        iss: 'https://auth.test',
        aud: 'https://api.test',
      },
    });
    await h.auth.revokeSession({ userId: user.userId, sessionId: user.session.id });
    expect(await ask()).toEqual({ ok: true, response: { active: false } });
  });

  it('reports an API key with its owner, scopes and prefix; a revoked or restricted key is inactive', async () => {
    const h = harness();
    const founder = await verifiedUser(h);
    const created = await h.auth.createOrganization({ userId: founder.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const owner = { organizationId: created.organization.id };
    const { apiKey, key } = await h.auth.createApiKey({
      owner,
      name: 'ci',
      scopes: ['a', 'b'],
      expiresInSeconds: 60,
    });
    const ask = (token: string) =>
      h.auth.introspectToken({ clientId: client.id, clientSecret: client.secret, token });
    expect(await ask(apiKey)).toEqual({
      ok: true,
      response: {
        active: true,
        token_type: 'api_key',
        client_id: key.prefix,
        org: owner.organizationId,
        scope: 'a b',
        iat: Math.floor(key.createdAt.getTime() / 1000),
        exp: Math.floor(key.createdAt.getTime() / 1000) + 60,
      },
    });
    const restricted = await h.auth.createApiKey({
      owner,
      name: 'office',
      allowedIps: ['10.0.0.0/8'],
    });
    expect(await ask(restricted.apiKey)).toEqual({ ok: true, response: { active: false } });
    await h.auth.revokeApiKey({ owner, keyId: key.id });
    expect(await ask(apiKey)).toEqual({ ok: true, response: { active: false } });
  });

  it('garbage, forged and oversized tokens are simply inactive', async () => {
    const h = harness();
    for (const token of ['', 'abc', 'a.b.c', 'pcl_x', 'x'.repeat(100_000)]) {
      expect(
        await h.auth.introspectToken({ clientId: client.id, clientSecret: client.secret, token }),
      ).toEqual({ ok: true, response: { active: false } });
    }
  });

  it('refuses bad client configuration at start-up', () => {
    for (const clients of [
      [{ id: 'has:colon', secret: client.secret }],
      [{ id: 'short', secret: 'too short' }],
      [client, client],
    ]) {
      expect(() => createAuthConfig({ ...testConfig, introspection: { clients } })).toThrow(
        ConfigError,
      );
    }
  });
});
