/**
 * What storage keeps true about an organization's references whatever runs concurrently:
 * its owner is a user who exists and may act (a user who owns one is never deleted, a
 * banned or locked-out user is never made owner), and its API keys never outlive it (a
 * key created or rotated while it is deleted fails or goes with it).
 */
import type { Repositories, UserRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { anApiKey } from './api-key-builders.ts';
import { atMinute } from './builders.ts';
import { givenSession } from './fixtures.ts';
import { givenOrganization } from './organization-fixtures.ts';
import type { ReposAccessor } from './subject.ts';

const ROUNDS = 20;
/** A race of ROUNDS rounds on a loaded machine. */
const RACE_TIMEOUT_MS = 30_000;

/** Whether the organization, if it still exists, names an owner who exists. */
async function expectOwnerExists(repos: Repositories, organizationId: string) {
  const organization = await repos.organizations.findById(organizationId);
  if (organization === null) return;
  expect(await repos.users.findById(organization.ownerId)).not.toBeNull();
}

/** Cases for the references of an organization. */
export function describeOrganizationReferenceContract(repos: ReposAccessor): void {
  describe('organization references', () => {
    it('users.delete refuses an organization’s owner and deletes nothing; after a transfer it deletes', async () => {
      const { owner, organization, members } = await givenOrganization(repos(), 1);
      const session = await givenSession(repos(), owner.id);
      expect(await repos().users.delete(owner.id)).toBe('owns_organization');
      expect(await repos().users.findById(owner.id)).toEqual(owner);
      expect(await repos().sessions.findById(session.id)).toEqual(session);
      expect((await repos().organizations.findMembership(organization.id, owner.id))?.status).toBe(
        'active',
      );
      const heir = members[0] as UserRecord;
      expect(
        await repos().organizations.transferOwnership(
          organization.id,
          owner.id,
          heir.id,
          atMinute(3),
        ),
      ).toBe(true);
      expect(await repos().users.delete(owner.id)).toBe('deleted');
      expect(await repos().users.delete(heir.id)).toBe('owns_organization');
    });

    it('transferOwnership refuses a banned or (soft-)deleted member', async () => {
      const { owner, organization, members } = await givenOrganization(repos(), 2);
      const [banned, deleted] = members as [UserRecord, UserRecord];
      await repos().users.update(banned.id, { bannedAt: atMinute(2), updatedAt: atMinute(2) });
      await repos().users.update(deleted.id, { deletedAt: atMinute(2), updatedAt: atMinute(2) });
      for (const target of [banned, deleted]) {
        expect(
          await repos().organizations.transferOwnership(
            organization.id,
            owner.id,
            target.id,
            atMinute(3),
          ),
        ).toBe(false);
      }
      expect((await repos().organizations.findById(organization.id))?.ownerId).toBe(owner.id);
    });

    it(
      'a transfer racing the new owner’s deletion never leaves an owner who is gone',
      async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const { owner, organization, members } = await givenOrganization(repos(), 1);
          const heir = members[0] as UserRecord;
          const [moved, deleted] = await Promise.all([
            repos().organizations.transferOwnership(
              organization.id,
              owner.id,
              heir.id,
              atMinute(3),
            ),
            repos().users.delete(heir.id),
          ]);
          expect(moved && deleted === 'deleted').toBe(false);
          await expectOwnerExists(repos(), organization.id);
        }
      },
      RACE_TIMEOUT_MS,
    );

    it(
      'a transfer racing the new owner’s lock-out never makes a locked-out user owner',
      async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const { owner, organization, members } = await givenOrganization(repos(), 1);
          const heir = members[0] as UserRecord;
          const [moved] = await Promise.all([
            repos().organizations.transferOwnership(
              organization.id,
              owner.id,
              heir.id,
              atMinute(3),
            ),
            repos().users.update(heir.id, { deletedAt: atMinute(3), updatedAt: atMinute(3) }),
          ]);
          // Whichever came first, a deletion after the lock-out is refused only if the
          // transfer won; then it was seen before the lock-out, never after.
          const after = await repos().organizations.findById(organization.id);
          expect(after?.ownerId).toBe(moved ? heir.id : owner.id);
          await expect(repos().users.delete(heir.id)).resolves.toBe(
            moved ? 'owns_organization' : 'deleted',
          );
        }
      },
      RACE_TIMEOUT_MS,
    );

    it('an organization’s key cannot be created for an organization that is gone', async () => {
      const { owner, organization } = await givenOrganization(repos());
      expect(await repos().organizations.deleteOrganization(organization.id, owner.id)).toBe(true);
      const late = anApiKey({ organizationId: organization.id });
      await expect(repos().apiKeys.create(late)).rejects.toThrow();
      expect(await repos().apiKeys.findById(late.id)).toBeNull();
    });

    it(
      'a key created racing its organization’s deletion never outlives it',
      async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const { owner, organization } = await givenOrganization(repos());
          const organizationId = organization.id;
          const key = anApiKey({ organizationId });
          const [created, deleted] = await Promise.allSettled([
            repos().apiKeys.create(key),
            repos().organizations.deleteOrganization(organizationId, owner.id),
          ]);
          expect(deleted).toEqual({ status: 'fulfilled', value: true });
          expect(['fulfilled', 'rejected']).toContain(created.status);
          expect(await repos().apiKeys.findById(key.id)).toBeNull();
        }
      },
      RACE_TIMEOUT_MS,
    );

    it(
      'a rotation racing its organization’s deletion leaves no successor behind',
      async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const { owner, organization } = await givenOrganization(repos());
          const organizationId = organization.id;
          const key = anApiKey({ organizationId });
          await repos().apiKeys.create(key);
          const successor = anApiKey({ organizationId });
          const [rotated, deleted] = await Promise.all([
            repos().apiKeys.rotate({
              owner: { organizationId },
              id: key.id,
              successor,
              now: atMinute(5),
              overlapUntil: atMinute(65),
            }),
            repos().organizations.deleteOrganization(organizationId, owner.id),
          ]);
          expect(deleted).toBe(true);
          expect(rotated === null || rotated.replacedBy === successor.id).toBe(true);
          expect(await repos().apiKeys.findById(successor.id)).toBeNull();
          expect(await repos().apiKeys.listByOwner({ organizationId })).toEqual([]);
        }
      },
      RACE_TIMEOUT_MS,
    );
  });
}
