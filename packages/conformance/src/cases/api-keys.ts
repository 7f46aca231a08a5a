import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';
import { SHARED_SECRET } from './keys.ts';

/** Random bytes that are each the length asked for: a key id of 0x10s, a secret of 0x20s. */
const patterned = {
  bytes: (length: number) => new Uint8Array(length).fill(length),
};

/** The key minted from `patterned`: `pcl_` + base64url(16 × 0x10) + `.` + base64url(32 × 0x20). */
const KNOWN_KEY = 'pcl_EBAQEBAQEBAQEBAQEBAQEA.ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA';

/**
 * HMAC-SHA256 of the secret part under HKDF-SHA256(SHARED_SECRET, "portcullis-derive-keys",
 * "portcullis/v1/api-key"), computed independently (Python's hmac and hashlib): every
 * runtime must store exactly this, so keys made on one verify on all.
 */
const KNOWN_HASH = '59197c0db4aa2b24a0f4bb9342d7e54b27326ddf2075f677a3b81ba34e7f3185';

/** API keys on this runtime: the stored hash, verification, restrictions, rotation. */
export function apiKeyCases({ testing, memory }: ConformanceTarget): Case[] {
  const owner = { organizationId: 'org_conformance' };
  // An organization's key needs its organization stored (storage refuses a key of none).
  const harness = async (random?: typeof patterned) => {
    const repos = memory.createMemoryRepositories();
    const at = new Date(0);
    await repos.organizations.create(
      { id: owner.organizationId, name: 'Conformance', ownerId: 'user_conformance', createdAt: at },
      {
        organizationId: owner.organizationId,
        userId: 'user_conformance',
        role: 'admin',
        status: 'active',
        createdAt: at,
        updatedAt: at,
      },
    );
    return testing.createTestAuth({
      repos,
      config: { secret: SHARED_SECRET },
      ...(random === undefined ? {} : { random }),
    });
  };

  return collect('api keys', (test) => {
    test('a key is pcl_<id>.<secret> and its stored hash is the known HMAC-SHA256', async () => {
      const h = await harness(patterned);
      const { apiKey, key } = await h.auth.createApiKey({ owner, name: 'kat' });
      equal(apiKey, KNOWN_KEY, 'presented key');
      equal((await h.repos.apiKeys.findById(key.id))?.secretHash, KNOWN_HASH, 'stored hash');
      equal((await h.auth.verifyApiKey({ apiKey })).ok, true, 'verifies');
    });

    test('a forged secret, a malformed key and a revoked key are refused', async () => {
      const h = await harness();
      const { apiKey, key } = await h.auth.createApiKey({ owner, name: 'k' });
      const forged = `${apiKey.slice(0, -1)}${apiKey.endsWith('A') ? 'B' : 'A'}`;
      for (const bad of [forged, '', 'pcl_x', `${apiKey}x`, 'x'.repeat(100_000)]) {
        deepEqual(
          await h.auth.verifyApiKey({ apiKey: bad }),
          { ok: false, reason: 'invalid' },
          'bad key',
        );
      }
      await h.auth.revokeApiKey({ owner, keyId: key.id });
      deepEqual(await h.auth.verifyApiKey({ apiKey }), { ok: false, reason: 'revoked' }, 'revoked');
    });

    test('IPv4 and IPv6 ranges admit inside and refuse outside', async () => {
      const h = await harness();
      const { apiKey } = await h.auth.createApiKey({
        owner,
        name: 'ranged',
        allowedIps: ['198.51.100.0/25', '2001:db8:8000::/33'],
      });
      const at = async (ip: string) => (await h.auth.verifyApiKey({ apiKey, context: { ip } })).ok;
      equal(await at('198.51.100.127'), true, '198.51.100.127');
      equal(await at('198.51.100.128'), false, '198.51.100.128');
      equal(await at('2001:db8:ffff::1'), true, '2001:db8:ffff::1');
      equal(await at('2001:db8:7fff::1'), false, '2001:db8:7fff::1');
    });

    test('a rotated key works through the overlap, then is expired', async () => {
      const h = await harness();
      const { apiKey, key } = await h.auth.createApiKey({ owner, name: 'rotated' });
      const rotated = await h.auth.rotateApiKey({ owner, keyId: key.id, overlapSeconds: 60 });
      equal(rotated.ok, true, 'rotated');
      h.clock.advance(59);
      equal((await h.auth.verifyApiKey({ apiKey })).ok, true, 'inside the overlap');
      h.clock.advance(1);
      deepEqual(await h.auth.verifyApiKey({ apiKey }), { ok: false, reason: 'expired' }, 'after');
      if (rotated.ok)
        equal((await h.auth.verifyApiKey({ apiKey: rotated.apiKey })).ok, true, 'new');
    });
  });
}
