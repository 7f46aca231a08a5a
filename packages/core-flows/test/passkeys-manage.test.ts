/** Passkey management: list, rename, remove — owner only, never the last way in. */
import { listPasskeys, removePasskey, renamePasskey } from '@portcullis/core/passkeys';
import { describe, expect, it } from 'vitest';
import type { PasskeyHarness } from './passkeys-harness.ts';
import { passkeyHarness } from './passkeys-harness.ts';

/** A verified account without a password (as a passkey-only sign-up would leave it). */
async function passwordlessUser(h: PasskeyHarness): Promise<string> {
  const id = `user-${crypto.randomUUID()}`;
  const email = `${id}@example.com`;
  const now = h.clock.now();
  await h.deps.repos.users.create({
    id,
    email,
    emailKey: email,
    emailVerifiedAt: now,
    passwordHash: null,
    bannedAt: null,
    banReason: null,
    deletedAt: null,
    metadata: {},
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

function seed(h: PasskeyHarness, userId: string) {
  return h.seedCredential(userId, {
    credentialId: `cred-${crypto.randomUUID()}`,
    publicKey: 'pQECAyYgASFYIA',
    counter: 0,
  });
}

describe('passkey management', () => {
  it('lists the owner’s passkeys without key or counter', async () => {
    const h = passkeyHarness();
    const { userId } = await h.user();
    const passkey = await seed(h, userId);
    const listed = await listPasskeys(h.deps, { userId });
    expect(listed).toEqual([
      {
        id: passkey.id,
        name: 'Passkey',
        createdAt: passkey.createdAt,
        lastUsedAt: null,
        transports: [],
        backedUp: false,
      },
    ]);
    expect(await listPasskeys(h.deps, { userId: (await h.user()).userId })).toEqual([]);
  });

  it('renames only the owner’s passkey, and checks the name', async () => {
    const h = passkeyHarness();
    const owner = await h.user();
    const other = await h.user();
    const passkey = await seed(h, owner.userId);
    const stolen = await renamePasskey(h.deps, {
      userId: other.userId,
      passkeyId: passkey.id,
      name: 'Mine',
    });
    expect(stolen).toEqual({ ok: false, reason: 'not_found' });
    expect(
      await renamePasskey(h.deps, { userId: owner.userId, passkeyId: passkey.id, name: ' Phone ' }),
    ).toMatchObject({ ok: true, passkey: { id: passkey.id, name: 'Phone' } });
    expect((await listPasskeys(h.deps, { userId: owner.userId }))[0]?.name).toBe('Phone');
    expect(h.events.at(-1)).toMatchObject({ type: 'passkey.renamed', passkeyId: passkey.id });
    for (const name of ['', 'x'.repeat(65), 'a\u0000b']) {
      await expect(
        renamePasskey(h.deps, { userId: owner.userId, passkeyId: passkey.id, name }),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    }
  });

  it('removes only the owner’s passkey', async () => {
    const h = passkeyHarness();
    const owner = await h.user();
    const other = await h.user();
    const passkey = await seed(h, owner.userId);
    expect(await removePasskey(h.deps, { userId: other.userId, passkeyId: passkey.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    // The owner has a password, so the only passkey may go.
    expect(await removePasskey(h.deps, { userId: owner.userId, passkeyId: passkey.id })).toEqual({
      ok: true,
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'passkey.removed', userId: owner.userId });
    expect(await listPasskeys(h.deps, { userId: owner.userId })).toEqual([]);
  });

  it('refuses to remove the last way to sign in', async () => {
    const h = passkeyHarness();
    const userId = await passwordlessUser(h);
    const first = await seed(h, userId);
    expect(await removePasskey(h.deps, { userId, passkeyId: first.id })).toEqual({
      ok: false,
      reason: 'last_sign_in_method',
    });
    const second = await seed(h, userId);
    const both = await Promise.all(
      [first, second].map((p) => removePasskey(h.deps, { userId, passkeyId: p.id })),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await listPasskeys(h.deps, { userId })).toHaveLength(1);
  });
});
