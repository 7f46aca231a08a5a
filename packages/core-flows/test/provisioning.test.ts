import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';

describe('provisioning (trusted server code)', () => {
  it('creates a verified account without a password once; repeating returns it unchanged', async () => {
    const h = testAuth();
    const first = await h.auth.internal.provisionUser({
      email: 'Ada@Example.com',
      metadata: { plan: 'pro' },
    });
    if (!first.ok) throw new Error(first.reason);
    expect(first.created).toBe(true);
    expect(first.user.emailVerifiedAt).toEqual(h.clock.now());
    expect(first.user.metadata).toEqual({ plan: 'pro' });
    const stored = await h.repos.users.findById(first.user.id);
    expect(stored?.passwordHash).toBeNull();
    const again = await h.auth.internal.provisionUser({
      email: 'ada@example.com',
      metadata: { plan: 'free' },
    });
    expect(again).toEqual({ ok: true, created: false, user: first.user });
    expect(h.eventCount('user.provisioned')).toBe(1);
  });

  it('of 10 concurrent provisions of one address one creates, all answer the same user', async () => {
    const h = testAuth();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.auth.internal.provisionUser({ email: 'grace@example.com' }),
      ),
    );
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => (r.ok ? r.user.id : null))).size).toBe(1);
  });

  it('does not revive a banned account', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    await h.auth.banUser({ userId: user.userId });
    expect(await h.auth.internal.provisionUser({ email: user.email })).toEqual({
      ok: false,
      reason: 'unavailable',
    });
  });

  it('an organization under a chosen id: created once, then returned; another owner is a conflict', async () => {
    const h = testAuth();
    const owner = await verifiedUser(h);
    const other = await verifiedUser(h);
    const input = { organizationId: 'tenant-42', userId: owner.userId, name: 'Tenant 42' };
    const first = await h.auth.internal.provisionOrganization(input);
    expect(first).toMatchObject({
      ok: true,
      created: true,
      organization: { id: 'tenant-42', role: 'owner' },
    });
    expect(await h.auth.internal.provisionOrganization(input)).toMatchObject({
      ok: true,
      created: false,
    });
    expect(await h.auth.internal.provisionOrganization({ ...input, userId: other.userId })).toEqual(
      { ok: false, reason: 'conflict' },
    );
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.auth.internal.provisionOrganization({ ...input, organizationId: 'tenant-43' }),
      ),
    );
    expect(concurrent.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(concurrent.every((r) => r.ok)).toBe(true);
  });
});
