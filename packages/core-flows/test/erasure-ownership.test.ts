/**
 * No erasure path leaves an organization without an owner, whatever happens while it
 * runs: a transfer to the user being erased is refused (they are locked out first), and
 * ownership gained anyway (a creation racing the lock-out, written here through the
 * repository as that race would) is refused by storage at the deletion and reported
 * per module, with nothing of core's deleted. The operator's `deleteUserPermanently` is
 * refused the same way.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { DataSubjectHook, Repositories } from '@portcullis/core';
import { auditLogSink } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';

/** An app hook that runs `during` (once set) inside its purge, then fails while `failing`. */
function hookRunning() {
  const state: { during: (() => Promise<void>) | null; failing: boolean } = {
    during: null,
    failing: false,
  };
  const hook: DataSubjectHook = {
    module: 'app',
    async exportUserData() {
      return {};
    },
    async purgeUserData() {
      const during = state.during;
      state.during = null;
      if (during) await during();
      if (state.failing) throw new Error('purge down');
    },
  };
  return { hook, state };
}

function setup(hook: DataSubjectHook) {
  const repos: Repositories = createMemoryRepositories();
  return testAuth({ repos, auditSinks: [auditLogSink(repos.auditLog)], dataSubjectHooks: [hook] });
}

type Harness = ReturnType<typeof setup>;

async function organizationWith(h: Harness, member: { userId: string; email: string }) {
  const owner = await verifiedUser(h);
  const created = await h.auth.createOrganization({ userId: owner.userId, name: 'Acme' });
  if (!created.ok) throw new Error(created.reason);
  const organizationId = created.organization.id;
  await h.auth.inviteMember({
    organizationId,
    userId: owner.userId,
    email: member.email,
    role: 'admin',
  });
  const { token } = h.lastMail('organization_invitation', member.email);
  expect((await h.auth.acceptInvitation({ userId: member.userId, token })).ok).toBe(true);
  return { owner, organizationId };
}

/** Makes `userId` the owner of a new organization straight through the repository. */
async function foundedBehindTheCheck(h: Harness, userId: string): Promise<string> {
  const now = h.clock.now();
  const id = `org_${crypto.randomUUID()}`;
  await h.repos.organizations.create(
    { id, name: 'Raced', ownerId: userId, createdAt: now },
    { organizationId: id, userId, role: 'admin', status: 'active', createdAt: now, updatedAt: now },
  );
  return id;
}

describe('erasure and organization ownership', () => {
  it('a transfer to the user while their erasure runs is refused: the organization keeps its owner', async () => {
    const { hook, state } = hookRunning();
    const h = setup(hook);
    const victim = await verifiedUser(h);
    const { owner, organizationId } = await organizationWith(h, victim);
    state.during = async () => {
      expect(
        await h.auth.transferOwnership({
          organizationId,
          userId: owner.userId,
          newOwnerId: victim.userId,
        }),
      ).toEqual({ ok: false, reason: 'not_found' });
    };
    const erased = await h.auth.eraseAccount({ userId: victim.userId });
    expect(erased).toEqual({
      ok: true,
      report: [
        { module: 'app', status: 'purged' },
        { module: 'portcullis', status: 'purged' },
      ],
    });
    expect(state.during).toBeNull();
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: owner.userId,
    });
  });

  it('a banned or locked-out member cannot be made owner', async () => {
    const { hook } = hookRunning();
    const h = setup(hook);
    const banned = await verifiedUser(h);
    const { owner, organizationId } = await organizationWith(h, banned);
    await h.auth.banUser({ userId: banned.userId });
    const transfer = () =>
      h.auth.transferOwnership({ organizationId, userId: owner.userId, newOwnerId: banned.userId });
    expect(await transfer()).toEqual({ ok: false, reason: 'not_found' });
    await h.auth.unbanUser({ userId: banned.userId });
    await h.auth.softDeleteUser({ userId: banned.userId });
    expect(await transfer()).toEqual({ ok: false, reason: 'not_found' });
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: owner.userId,
    });
  });

  it('ownership gained behind eraseAccount’s check: core refuses, deletes nothing of its own, and a retry finishes once it moves', async () => {
    const { hook, state } = hookRunning();
    const h = setup(hook);
    const user = await signedInUser(h);
    let organizationId = '';
    state.during = async () => {
      organizationId = await foundedBehindTheCheck(h, user.userId);
    };
    const context = { actorId: 'ops_7' };
    expect(await h.auth.eraseAccount({ userId: user.userId, context })).toEqual({
      ok: true,
      report: [
        { module: 'app', status: 'purged' },
        { module: 'portcullis', status: 'refused', reason: 'owns_organization' },
      ],
    });
    expect(await h.repos.users.findById(user.userId)).toMatchObject({ deletedAt: h.clock.now() });
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: user.userId,
    });
    // Nothing of core's was written: the trail still names the user.
    expect((await h.repos.auditLog.list({ userId: user.userId, limit: 5 })).entries).not.toEqual(
      [],
    );
    expect(h.events.at(-1)).toMatchObject({
      type: 'account.erased',
      userId: user.userId,
      failed: ['portcullis'],
    });

    expect(await h.auth.deleteOrganization({ organizationId, userId: user.userId })).toEqual({
      ok: true,
    });
    expect(
      await h.auth.eraseAccount({ userId: user.userId, modules: ['portcullis'], context }),
    ).toEqual({ ok: true, report: [{ module: 'portcullis', status: 'purged' }] });
    expect(await h.repos.users.findById(user.userId)).toBeNull();
  });

  it('a confirmed deletion that meets ownership gained behind its check is incomplete, and its retry is refused until it moves', async () => {
    const { hook, state } = hookRunning();
    const h = setup(hook);
    const user = await signedInUser(h);
    expect(
      (await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: user.session.id })).ok,
    ).toBe(true);
    const { token } = h.lastMail('account_deletion');
    // The app hook fails first: the deletion is incomplete, with a retry token.
    state.failing = true;
    const first = await h.auth.confirmAccountDeletion({ token });
    if (!first.ok || first.status !== 'incomplete') throw new Error('expected incomplete');
    expect(first.report).toEqual([
      { module: 'app', status: 'failed' },
      { module: 'portcullis', status: 'purged' },
    ]);
    expect(await h.repos.users.findById(user.userId)).toBeNull();

    // A second user, made owner behind the check, meets the retry branch's refusal.
    const owner = await signedInUser(h);
    expect(
      (await h.auth.requestAccountDeletion({ userId: owner.userId, sessionId: owner.session.id }))
        .ok,
    ).toBe(true);
    const ownerToken = h.lastMail('account_deletion').token;
    state.failing = false;
    let organizationId = '';
    state.during = async () => {
      organizationId = await foundedBehindTheCheck(h, owner.userId);
    };
    const refused = await h.auth.confirmAccountDeletion({ token: ownerToken });
    if (!refused.ok || refused.status !== 'incomplete') throw new Error('expected incomplete');
    expect(refused.report).toEqual([
      { module: 'app', status: 'purged' },
      { module: 'portcullis', status: 'refused', reason: 'owns_organization' },
    ]);
    // The retry runs core only, and storage refuses it again while the ownership stays.
    expect(await h.auth.confirmAccountDeletion({ token: refused.retryToken })).toMatchObject({
      ok: true,
      status: 'incomplete',
      report: [{ module: 'portcullis', status: 'refused', reason: 'owns_organization' }],
    });
    expect(await h.repos.users.findById(owner.userId)).not.toBeNull();
    expect(await h.auth.deleteOrganization({ organizationId, userId: owner.userId })).toEqual({
      ok: true,
    });
    expect(await h.auth.confirmAccountDeletion({ token: refused.retryToken })).toMatchObject({
      ok: true,
      status: 'deleted',
      report: [{ module: 'portcullis', status: 'purged' }],
    });
    expect(await h.repos.users.findById(owner.userId)).toBeNull();
  });

  it('deleteUserPermanently refuses an organization’s owner, deleting nothing', async () => {
    const { hook } = hookRunning();
    const h = setup(hook);
    const member = await verifiedUser(h);
    const { owner, organizationId } = await organizationWith(h, member);
    expect(await h.auth.deleteUserPermanently({ userId: owner.userId })).toEqual({
      ok: false,
      reason: 'owns_organization',
    });
    expect(await h.repos.users.findById(owner.userId)).not.toBeNull();
    expect(h.events.some((event) => event.type === 'user.deleted')).toBe(false);
    expect(await h.auth.deleteUserPermanently({ userId: member.userId })).toEqual({
      ok: true,
      deleted: true,
    });
    expect(await h.repos.organizations.findById(organizationId)).toMatchObject({
      ownerId: owner.userId,
    });
  });
});
