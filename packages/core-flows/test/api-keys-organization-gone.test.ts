/**
 * An organization's API key never outlives the organization: its deletion takes the keys,
 * a key cannot be created for it afterwards (a creation racing the deletion), and
 * `verifyApiKey` refuses a key whose organization is gone even where storage kept it.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Repositories } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';

async function organizationOf(h: ReturnType<typeof testAuth>) {
  const owner = await verifiedUser(h);
  const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
  if (!created.ok) throw new Error(created.reason);
  return { owner, organizationId: created.organization.id };
}

describe('API keys of an organization that is gone', () => {
  it('deleting the organization ends its keys, and no key can be created for it after', async () => {
    const h = testAuth();
    const { owner, organizationId } = await organizationOf(h);
    const key = await h.auth.createApiKey({ owner: { organizationId }, name: 'ci' });
    expect((await h.auth.verifyApiKey({ apiKey: key.apiKey })).ok).toBe(true);
    expect(await h.auth.deleteOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: true,
    });
    expect(await h.auth.verifyApiKey({ apiKey: key.apiKey })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    await expect(
      h.auth.createApiKey({ owner: { organizationId }, name: 'late' }),
    ).rejects.toBeInstanceOf(StorageError);
    expect(await h.auth.listApiKeys({ owner: { organizationId } })).toEqual([]);
    expect(h.events.filter((event) => event.type === 'api_key.created')).toHaveLength(1);
  });

  it('verifyApiKey refuses a key whose organization is gone where storage kept the key', async () => {
    const repos: Repositories = createMemoryRepositories();
    // An adapter whose organization lookup no longer finds it, with the key still stored.
    let gone = false;
    const organizations = {
      ...repos.organizations,
      findById: async (id: string) => (gone ? null : repos.organizations.findById(id)),
    };
    const h = testAuth({ repos: { ...repos, organizations } });
    const { organizationId } = await organizationOf(h);
    const key = await h.auth.createApiKey({ owner: { organizationId }, name: 'ci' });
    gone = true;
    expect(await h.auth.verifyApiKey({ apiKey: key.apiKey })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.at(-1)).toMatchObject({
      type: 'api_key.refused',
      reason: 'owner_unavailable',
    });
  });
});
