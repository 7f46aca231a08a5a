import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

async function userKey(h: ReturnType<typeof testAuth>, input: Record<string, unknown> = {}) {
  const user = await verifiedUser(h);
  const created = await h.auth.createApiKey({
    owner: { userId: user.userId },
    name: 'deploy bot',
    scopes: ['reports:read'],
    ...input,
  });
  return { user, ...created };
}

describe('API keys: creation and storage', () => {
  it('shows the key once as pcl_<id>.<secret> and stores only an HMAC of the secret', async () => {
    const h = testAuth();
    const { apiKey, key } = await userKey(h);
    expect(apiKey).toMatch(/^pcl_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(apiKey.startsWith(`${key.prefix}.`)).toBe(true);
    const secret = apiKey.split('.')[1] ?? '';
    const stored = await h.repos.apiKeys.findById(key.id);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(JSON.stringify(h.events)).not.toContain(secret);
    expect(h.events.at(-1)).toMatchObject({ type: 'api_key.created', keyId: key.id });
  });

  it('two keys never share an id or a secret', async () => {
    const h = testAuth();
    const a = await userKey(h);
    const b = await userKey(h);
    expect(a.key.id).not.toBe(b.key.id);
    expect(a.apiKey.split('.')[1]).not.toBe(b.apiKey.split('.')[1]);
  });

  it('refuses bad owners, names, scopes, lifetimes, ranges and origins before writing', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    const owner = { userId: user.userId };
    const bad: Record<string, unknown>[] = [
      { owner: {} },
      { owner: { userId: user.userId, organizationId: 'org_1' } },
      { owner: { userId: 'bad id with spaces' } },
      { owner, name: '' },
      { owner, name: 'x'.repeat(101) },
      { owner, name: 'evil\u202ename' },
      { owner, scopes: ['has space'] },
      { owner, scopes: 'reports:read' },
      { owner, scopes: Array.from({ length: 33 }, (_, i) => `s${i}`) },
      { owner, expiresInSeconds: 0 },
      { owner, expiresInSeconds: 1.5 },
      { owner, expiresInSeconds: 11 * 365 * 24 * 3600 },
      { owner, allowedIps: ['10.0.0.0/'] },
      { owner, allowedIps: ['10.0.0.0/33'] },
      { owner, allowedIps: ['2001:db8::/129'] },
      { owner, allowedIps: ['example.com'] },
      { owner, allowedIps: Array.from({ length: 33 }, () => '10.0.0.1') },
      { owner, allowedOrigins: ['https://app.example.com/path'] },
      { owner, allowedOrigins: ['http://app.example.com'] },
      { owner, allowedOrigins: ['null'] },
    ];
    for (const input of bad) {
      await expect(
        h.auth.createApiKey(untyped({ name: 'k', ...input })),
        JSON.stringify(input),
      ).rejects.toBeInstanceOf(InputError);
    }
    expect(await h.auth.listApiKeys({ owner })).toEqual([]);
  });
});

describe('API keys: verification', () => {
  it('accepts the key and reports its owner and scopes', async () => {
    const h = testAuth();
    const { user, apiKey, key } = await userKey(h);
    const result = await h.auth.verifyApiKey({ apiKey });
    expect(result).toEqual({ ok: true, key: { ...key, lastUsedAt: null } });
    if (!result.ok) throw new Error();
    expect(result.key.userId).toBe(user.userId);
    expect(result.key.scopes).toEqual(['reports:read']);
  });

  it('refuses a forged secret for a real id as invalid, and records it', async () => {
    const h = testAuth();
    const { apiKey, key } = await userKey(h);
    const last = apiKey.at(-1) === 'A' ? 'B' : 'A';
    const forged = `${apiKey.slice(0, -1)}${last}`;
    expect(await h.auth.verifyApiKey({ apiKey: forged })).toEqual({ ok: false, reason: 'invalid' });
    expect(h.events.at(-1)).toMatchObject({
      type: 'api_key.refused',
      keyId: key.id,
      reason: 'wrong_secret',
    });
  });

  it('refuses malformed and unknown keys without recording anything', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h);
    const before = h.events.length;
    const otherId = `pcl_${'A'.repeat(22)}.${apiKey.split('.')[1]}`;
    for (const bad of ['', 'pcl_', apiKey.slice(0, -1), `${apiKey}x`, otherId, 'a'.repeat(1e6)]) {
      expect(await h.auth.verifyApiKey({ apiKey: bad })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(h.events.length).toBe(before);
    for (const bad of [42, null, undefined]) {
      await expect(h.auth.verifyApiKey({ apiKey: untyped(bad) })).rejects.toBeInstanceOf(
        InputError,
      );
    }
  });

  it('refuses an expired key from its expiry instant on', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h, { expiresInSeconds: 3600 });
    h.clock.advance(3599);
    expect((await h.auth.verifyApiKey({ apiKey })).ok).toBe(true);
    h.clock.advance(1);
    expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a revoked key at once; a second revocation finds nothing', async () => {
    const h = testAuth();
    const { user, apiKey, key } = await userKey(h);
    const owner = { userId: user.userId };
    expect((await h.auth.revokeApiKey({ owner, keyId: key.id })).ok).toBe(true);
    expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'revoked' });
    expect(await h.auth.revokeApiKey({ owner, keyId: key.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(h.eventCount('api_key.revoked')).toBe(1);
  });

  it('refuses the key of a banned or deleted user as invalid', async () => {
    const h = testAuth();
    const { user, apiKey } = await userKey(h);
    await h.auth.banUser({ userId: user.userId });
    expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'invalid' });
    expect(h.events.at(-1)).toMatchObject({ type: 'api_key.refused', reason: 'owner_unavailable' });
    await h.auth.unbanUser({ userId: user.userId });
    expect((await h.auth.verifyApiKey({ apiKey })).ok).toBe(true);
    await h.auth.softDeleteUser({ userId: user.userId });
    expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('records use at most once a minute', async () => {
    const h = testAuth();
    const { apiKey, key } = await userKey(h);
    const lastUsed = async () => (await h.repos.apiKeys.findById(key.id))?.lastUsedAt;
    await h.auth.verifyApiKey({ apiKey });
    const first = h.clock.now();
    expect(await lastUsed()).toEqual(first);
    h.clock.advance(59);
    await h.auth.verifyApiKey({ apiKey });
    expect(await lastUsed()).toEqual(first);
    h.clock.advance(1);
    await h.auth.verifyApiKey({ apiKey });
    expect(await lastUsed()).toEqual(h.clock.now());
  });
});

describe('API keys: address and origin restrictions', () => {
  it('IPv4: inside the range passes, outside (or no address) is ip_not_allowed', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h, { allowedIps: ['203.0.113.0/24', '198.51.100.7'] });
    const at = (ip: string | null) => h.auth.verifyApiKey({ apiKey, context: { ip } });
    expect((await at('203.0.113.200')).ok).toBe(true);
    expect((await at('198.51.100.7')).ok).toBe(true);
    expect((await at('::ffff:203.0.113.9')).ok).toBe(true);
    for (const ip of ['203.0.114.1', '198.51.100.8', '2001:db8::1', 'garbage', null]) {
      expect(await at(ip), String(ip)).toEqual({ ok: false, reason: 'ip_not_allowed' });
    }
    expect(h.events.at(-1)).toMatchObject({ type: 'api_key.refused', reason: 'ip_not_allowed' });
  });

  it('IPv6: inside the range passes, outside (or IPv4) is ip_not_allowed', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h, { allowedIps: ['2001:db8:abcd::/48'] });
    const at = (ip: string) => h.auth.verifyApiKey({ apiKey, context: { ip } });
    expect((await at('2001:db8:abcd:12::1')).ok).toBe(true);
    expect((await at('2001:DB8:ABCD:0:0:0:0:1')).ok).toBe(true);
    for (const ip of ['2001:db8:abce::1', '2001:db8::1', '203.0.113.1']) {
      expect(await at(ip), ip).toEqual({ ok: false, reason: 'ip_not_allowed' });
    }
  });

  it('origins: an exact allowed origin passes; another, none or null is origin_not_allowed', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h, { allowedOrigins: ['https://app.example.com'] });
    const from = (origin: string | null) => h.auth.verifyApiKey({ apiKey, origin });
    expect((await from('https://app.example.com')).ok).toBe(true);
    for (const origin of [
      'https://evil.example.com',
      'https://app.example.com.evil.test',
      'http://app.example.com',
      'null',
      null,
    ]) {
      expect(await from(origin), String(origin)).toEqual({
        ok: false,
        reason: 'origin_not_allowed',
      });
    }
  });

  it('a wrong secret is invalid even from outside the range (restrictions tell nothing to guessers)', async () => {
    const h = testAuth();
    const { apiKey } = await userKey(h, { allowedIps: ['10.0.0.0/8'] });
    const forged = `${apiKey.slice(0, -1)}${apiKey.at(-1) === 'A' ? 'B' : 'A'}`;
    expect(await h.auth.verifyApiKey({ apiKey: forged, context: { ip: '192.0.2.1' } })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('API keys: rotation', () => {
  it('the new key works at once; the old one until the overlap ends, then is expired', async () => {
    const h = testAuth();
    const { user, apiKey: oldKey, key } = await userKey(h, { allowedIps: ['10.0.0.0/8'] });
    const owner = { userId: user.userId };
    const rotated = await h.auth.rotateApiKey({ owner, keyId: key.id, overlapSeconds: 600 });
    if (!rotated.ok) throw new Error(rotated.reason);
    expect(rotated.key.scopes).toEqual(key.scopes);
    expect(rotated.key.allowedIps).toEqual(['10.0.0.0/8']);
    expect(rotated.previous.replacedBy).toBe(rotated.key.id);
    const ip = { ip: '10.1.2.3' };
    expect((await h.auth.verifyApiKey({ apiKey: rotated.apiKey, context: ip })).ok).toBe(true);
    h.clock.advance(599);
    expect((await h.auth.verifyApiKey({ apiKey: oldKey, context: ip })).ok).toBe(true);
    h.clock.advance(1);
    expect(await h.auth.verifyApiKey({ apiKey: oldKey, context: ip })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await h.auth.verifyApiKey({ apiKey: rotated.apiKey, context: ip })).ok).toBe(true);
    expect(h.events.find((event) => event.type === 'api_key.rotated')).toMatchObject({
      keyId: key.id,
      successorId: rotated.key.id,
    });
  });

  it('a rotated key cannot be rotated again; its successor can', async () => {
    const h = testAuth();
    const { user, key } = await userKey(h);
    const owner = { userId: user.userId };
    const first = await h.auth.rotateApiKey({ owner, keyId: key.id });
    if (!first.ok) throw new Error(first.reason);
    expect(await h.auth.rotateApiKey({ owner, keyId: key.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect((await h.auth.rotateApiKey({ owner, keyId: first.key.id })).ok).toBe(true);
  });

  it('of 10 concurrent rotations one succeeds', async () => {
    const h = testAuth();
    const { user, key } = await userKey(h);
    const owner = { userId: user.userId };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.auth.rotateApiKey({ owner, keyId: key.id })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await h.auth.listApiKeys({ owner })).toHaveLength(2);
  });

  it('refuses an overlap outside 0 to thirty days', async () => {
    const h = testAuth();
    const { user, key } = await userKey(h);
    for (const overlapSeconds of [-1, 30 * 24 * 3600 + 1, 0.5]) {
      await expect(
        h.auth.rotateApiKey({ owner: { userId: user.userId }, keyId: key.id, overlapSeconds }),
      ).rejects.toBeInstanceOf(InputError);
    }
  });
});

describe('API keys: tenants', () => {
  it('another user can neither list, revoke nor rotate a key', async () => {
    const h = testAuth();
    const { apiKey, key } = await userKey(h);
    const stranger = { userId: (await verifiedUser(h)).userId };
    expect(await h.auth.listApiKeys({ owner: stranger })).toEqual([]);
    expect(await h.auth.revokeApiKey({ owner: stranger, keyId: key.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await h.auth.rotateApiKey({ owner: stranger, keyId: key.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect((await h.auth.verifyApiKey({ apiKey })).ok).toBe(true);
  });

  it('an organization’s key names the organization, not a user', async () => {
    const h = testAuth();
    const founder = await verifiedUser(h);
    const created = await h.auth.createOrganization({ userId: founder.userId, name: 'Acme' });
    if (!created.ok) throw new Error(created.reason);
    const organizationId = created.organization.id;
    const { apiKey } = await h.auth.createApiKey({ owner: { organizationId }, name: 'acme ci' });
    const result = await h.auth.verifyApiKey({ apiKey });
    expect(result.ok && result.key).toMatchObject({ userId: null, organizationId });
    expect(await h.auth.listApiKeys({ owner: { organizationId: 'org_other' } })).toEqual([]);
    expect(await h.auth.listApiKeys({ owner: { userId: organizationId } })).toEqual([]);
  });
});
