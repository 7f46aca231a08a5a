/**
 * API keys end to end on both apps: created by a signed-in user, used on `/api/reports`
 * in `X-API-Key`, refused when revoked, rotated past the overlap (expired), outside their
 * address ranges (IPv4 and IPv6), presented as a bearer token, or managed by another user.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse, Credentials } from './client.ts';
import { errorCode, record, text } from './client.ts';
import { signInWithBearer, verifiedUser } from './flows.ts';

async function bearer(api: ApiClient): Promise<Credentials & { userId: string }> {
  const { email, password } = await verifiedUser(api);
  const signedIn = await signInWithBearer(api, email, password);
  return { bearer: signedIn.accessToken, userId: signedIn.userId };
}

async function createKey(api: ApiClient, as: Credentials, body: object = {}) {
  const response = await api.request('POST', '/auth/api-keys', {
    as,
    json: { name: 'suite', scopes: ['reports:read'], ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { apiKey: text(response.body, 'apiKey'), id: text(response.body, 'key', 'id') };
}

function reports(api: ApiClient, headers: Record<string, string>): Promise<ApiResponse> {
  return api.request('GET', '/api/reports', { headers });
}

export function describeApiKeys(api: () => ApiClient): void {
  describe('API keys', () => {
    it('a key calls /api/reports as itself; the owner lists it without its secret', async () => {
      const owner = await bearer(api());
      const { apiKey, id } = await createKey(api(), owner);
      expect(apiKey).toMatch(/^pcl_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      const used = await reports(api(), { 'x-api-key': apiKey });
      expect(used.status).toBe(200);
      expect(record(used.body).caller).toEqual({
        via: 'api_key',
        keyId: id,
        userId: owner.userId,
        organizationId: null,
        scopes: ['reports:read'],
      });
      const listed = await api().request('GET', '/auth/api-keys', { as: owner });
      expect(listed.status).toBe(200);
      expect(listed.text).toContain(id);
      expect(listed.text).not.toContain(apiKey.split('.')[1]);
    });

    it('a revoked key is refused at once (401 invalid_api_key)', async () => {
      const owner = await bearer(api());
      const { apiKey, id } = await createKey(api(), owner);
      const revoked = await api().request('DELETE', `/auth/api-keys/${id}`, { as: owner });
      expect(revoked.status).toBe(204);
      const used = await reports(api(), { 'x-api-key': apiKey });
      expect(used.status).toBe(401);
      expect(errorCode(used)).toBe('invalid_api_key');
    });

    it('rotation: the old key works inside the overlap, not after; the new one works', async () => {
      const owner = await bearer(api());
      const first = await createKey(api(), owner);
      const kept = await api().request('POST', `/auth/api-keys/${first.id}/rotate`, {
        as: owner,
        json: { overlapSeconds: 60 },
      });
      expect(kept.status).toBe(201);
      expect((await reports(api(), { 'x-api-key': first.apiKey })).status).toBe(200);
      const second = text(kept.body, 'apiKey');
      const cut = await api().request(
        'POST',
        `/auth/api-keys/${text(kept.body, 'key', 'id')}/rotate`,
        {
          as: owner,
          json: { overlapSeconds: 0 },
        },
      );
      expect(cut.status).toBe(201);
      expect((await reports(api(), { 'x-api-key': second })).status).toBe(401);
      expect((await reports(api(), { 'x-api-key': text(cut.body, 'apiKey') })).status).toBe(200);
    });

    it('outside its IPv4 or IPv6 ranges a key is 403 api_key_ip_not_allowed; inside it works', async () => {
      const owner = await bearer(api());
      const v4 = await createKey(api(), owner, { allowedIps: ['10.0.0.0/8'] });
      const v6 = await createKey(api(), owner, { allowedIps: ['2001:db8::/32'] });
      const here = await createKey(api(), owner, { allowedIps: ['127.0.0.0/8', '::1'] });
      for (const { apiKey } of [v4, v6]) {
        const used = await reports(api(), { 'x-api-key': apiKey });
        expect(used.status).toBe(403);
        expect(errorCode(used)).toBe('api_key_ip_not_allowed');
        // The app trusts no proxy: a forwarded address cannot move the caller into range.
        const spoofed = await reports(api(), {
          'x-api-key': apiKey,
          'x-forwarded-for': '10.1.1.1',
        });
        expect(spoofed.status).toBe(403);
      }
      expect((await reports(api(), { 'x-api-key': here.apiKey })).status).toBe(200);
    });

    it('a key presented as a bearer token is refused (401 invalid_token)', async () => {
      const owner = await bearer(api());
      const { apiKey } = await createKey(api(), owner);
      const used = await reports(api(), { authorization: `Bearer ${apiKey}` });
      expect(used.status).toBe(401);
      expect(errorCode(used)).toBe('invalid_token');
      expect((await api().get('/auth/me', { bearer: apiKey })).status).toBe(401);
    });

    it('another user cannot list, revoke or rotate the key, nor create one for its owner', async () => {
      const owner = await bearer(api());
      const stranger = await bearer(api());
      const { apiKey, id } = await createKey(api(), owner);
      const listed = await api().request('GET', '/auth/api-keys', { as: stranger });
      expect(record(listed.body).keys).toEqual([]);
      const revoke = await api().request('DELETE', `/auth/api-keys/${id}`, { as: stranger });
      expect(revoke.status).toBe(404);
      const rotate = await api().request('POST', `/auth/api-keys/${id}/rotate`, { as: stranger });
      expect(rotate.status).toBe(404);
      const forOwner = await api().request('POST', '/auth/api-keys', {
        as: stranger,
        json: { name: 'mine now', userId: owner.userId },
      });
      expect(forOwner.status).toBe(400);
      expect((await reports(api(), { 'x-api-key': apiKey })).status).toBe(200);
    });

    it('an API key cannot manage keys or sessions (the auth routes take people only)', async () => {
      const owner = await bearer(api());
      const { apiKey } = await createKey(api(), owner);
      const listed = await api().request('GET', '/auth/api-keys', {
        headers: { 'x-api-key': apiKey },
      });
      expect(listed.status).toBe(401);
    });
  });
}
