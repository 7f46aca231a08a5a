/**
 * API keys are tenant-scoped: every method but `findById` takes the owner and treats
 * another owner's key as absent. These cases try to read, revoke and rotate across
 * owners (a user id that equals an organization id included), and race the atomic
 * methods: one revocation, one successor per key.
 */
import type { ApiKeyRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { anApiKey, anOrganization } from './api-key-builders.ts';
import { atMinute } from './builders.ts';
import { givenUser, present } from './fixtures.ts';
import { aMembership, anOrganizationRecord } from './organization-builders.ts';
import type { ReposAccessor } from './subject.ts';

function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** Cases for `ApiKeyRepo`. */
export function describeApiKeyContract(repos: ReposAccessor): void {
  describe('ApiKeyRepo', () => {
    /** A stored organization (with a fresh owner), as an API-key owner. */
    async function storedOrganization(id?: string): Promise<{ organizationId: string }> {
      const founder = await givenUser(repos());
      const organization = anOrganizationRecord(founder.id, id === undefined ? {} : { id });
      await repos().organizations.create(
        organization,
        aMembership(organization.id, founder.id, { role: 'admin' }),
      );
      return { organizationId: organization.id };
    }

    async function givenKey(owner: Parameters<typeof anApiKey>[0], overrides = {}) {
      const key = anApiKey(owner, overrides);
      await repos().apiKeys.create(key);
      return key;
    }

    it('stores a key whole (lists of ranges and origins included) and finds it by id', async () => {
      const user = await givenUser(repos());
      const key = await givenKey(
        { userId: user.id },
        {
          name: 'CI – déploiement 🚀',
          scopes: ['reports:read', 'reports:write'],
          allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
          allowedOrigins: ['https://app.example.com'],
          expiresAt: atMinute(60),
        },
      );
      expect(await repos().apiKeys.findById(key.id)).toEqual(key);
      expect(await repos().apiKeys.findById(anApiKey({ userId: user.id }).id)).toBeNull();
    });

    it('refuses a second key with an id already in use', async () => {
      const user = await givenUser(repos());
      const key = await givenKey({ userId: user.id });
      await expect(
        repos().apiKeys.create(anApiKey({ userId: user.id }, { id: key.id })),
      ).rejects.toThrow();
    });

    it('lists only the owner’s keys, newest first; a user id never matches an organization', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      const older = await givenKey({ userId: user.id }, { createdAt: atMinute(1) });
      const newer = await givenKey({ userId: user.id }, { createdAt: atMinute(2) });
      await givenKey({ userId: other.id });
      // An organization whose id is the user's id: its keys are not the user's.
      await givenKey(await storedOrganization(user.id));
      const listed = await repos().apiKeys.listByOwner({ userId: user.id });
      expect(listed.map((key) => key.id)).toEqual([newer.id, older.id]);
      const org = await repos().apiKeys.listByOwner({ organizationId: user.id });
      expect(org.map((key) => key.organizationId)).toEqual([user.id]);
      expect(await repos().apiKeys.listByOwner(anOrganization())).toEqual([]);
    });

    it('revoke: another owner’s key is absent and stays live; the owner revokes once', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner);
      const stranger = await givenUser(repos());
      expect(await repos().apiKeys.revoke({ userId: stranger.id }, key.id, atMinute(1))).toBeNull();
      expect(await repos().apiKeys.revoke(anOrganization(), key.id, atMinute(1))).toBeNull();
      expect((await repos().apiKeys.findById(key.id))?.revokedAt).toBeNull();

      expect(await repos().apiKeys.revoke(owner, key.id, atMinute(1))).toEqual({
        ...key,
        revokedAt: atMinute(1),
      });
      expect(await repos().apiKeys.revoke(owner, key.id, atMinute(2))).toBeNull();
      expect((await repos().apiKeys.findById(key.id))?.revokedAt).toEqual(atMinute(1));
    });

    it('revoke: of 20 concurrent revocations exactly one gets the row', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner);
      const results = await race(20, (index) =>
        repos().apiKeys.revoke(owner, key.id, atMinute(1 + index)),
      );
      expect(results.filter((row) => row !== null)).toHaveLength(1);
    });

    it('rotate: marks the key, keeps it until the overlap ends, inserts the successor', async () => {
      const user = await givenUser(repos());
      const owner = { userId: user.id };
      const key = await givenKey(owner);
      const successor = anApiKey(owner, { createdAt: atMinute(5) });
      const rotated = await repos().apiKeys.rotate({
        owner,
        id: key.id,
        successor,
        now: atMinute(5),
        overlapUntil: atMinute(65),
      });
      expect(rotated).toEqual({
        ...key,
        rotatedAt: atMinute(5),
        replacedBy: successor.id,
        expiresAt: atMinute(65),
      });
      expect(await repos().apiKeys.findById(successor.id)).toEqual(successor);
    });

    it('rotate: never extends an expiry that comes before the end of the overlap', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner, { expiresAt: atMinute(10) });
      const rotated = await repos().apiKeys.rotate({
        owner,
        id: key.id,
        successor: anApiKey(owner),
        now: atMinute(5),
        overlapUntil: atMinute(65),
      });
      expect(rotated?.expiresAt).toEqual(atMinute(10));
    });

    it('rotate: another owner’s, a revoked, a rotated or an expired key writes nothing', async () => {
      const owner = await storedOrganization();
      const live = await givenKey(owner);
      const revoked = await givenKey(owner, { revokedAt: atMinute(1) });
      const rotated = await givenKey(owner, { rotatedAt: atMinute(1), replacedBy: 'x' });
      const expired = await givenKey(owner, { expiresAt: atMinute(5) });
      const attempts: [typeof owner | { userId: string }, ApiKeyRecord][] = [
        [anOrganization(), live],
        [{ userId: (await givenUser(repos())).id }, live],
        [owner, revoked],
        [owner, rotated],
        [owner, expired],
      ];
      for (const [who, key] of attempts) {
        const successor = anApiKey(owner);
        const result = await repos().apiKeys.rotate({
          owner: who,
          id: key.id,
          successor,
          now: atMinute(5),
          overlapUntil: atMinute(65),
        });
        expect(result).toBeNull();
        expect(await repos().apiKeys.findById(successor.id)).toBeNull();
        expect(await repos().apiKeys.findById(key.id)).toEqual(key);
      }
    });

    it('rotate: of 20 concurrent rotations of one key exactly one succeeds and one successor exists', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner);
      const successors = Array.from({ length: 20 }, () => anApiKey(owner));
      const results = await race(20, (index) =>
        repos().apiKeys.rotate({
          owner,
          id: key.id,
          successor: present(successors[index]),
          now: atMinute(5),
          overlapUntil: atMinute(65),
        }),
      );
      const winners = results.filter((row) => row !== null);
      expect(winners).toHaveLength(1);
      const listed = await repos().apiKeys.listByOwner(owner);
      expect(listed).toHaveLength(2);
      expect(listed.map((row) => row.id)).toContain(winners[0]?.replacedBy);
    });

    it('touch: writes once per interval and never moves lastUsedAt backwards', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner);
      const lastUsed = async () => (await repos().apiKeys.findById(key.id))?.lastUsedAt;
      await repos().apiKeys.touch(key.id, atMinute(10), atMinute(9));
      expect(await lastUsed()).toEqual(atMinute(10));
      // Within the interval: not stale yet, nothing written.
      await repos().apiKeys.touch(key.id, atMinute(10.5), atMinute(9.5));
      expect(await lastUsed()).toEqual(atMinute(10));
      await repos().apiKeys.touch(key.id, atMinute(12), atMinute(11));
      expect(await lastUsed()).toEqual(atMinute(12));
      // A late call carrying an older instant changes nothing.
      await repos().apiKeys.touch(key.id, atMinute(11), atMinute(13));
      expect(await lastUsed()).toEqual(atMinute(12));
      await repos().apiKeys.touch(anApiKey(owner).id, atMinute(1), atMinute(0));
    });

    it('deleting a user deletes its keys and leaves organizations’ keys alone', async () => {
      const user = await givenUser(repos());
      const own = await givenKey({ userId: user.id });
      const org = await givenKey(await storedOrganization());
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(await repos().apiKeys.findById(own.id)).toBeNull();
      expect(await repos().apiKeys.findById(org.id)).toEqual(org);
    });

    it('returns copies: changing a returned key changes nothing stored', async () => {
      const owner = await storedOrganization();
      const key = await givenKey(owner);
      const found = present(await repos().apiKeys.findById(key.id));
      (found.scopes as string[]).push('admin');
      (found as { name: string }).name = 'changed';
      expect(await repos().apiKeys.findById(key.id)).toEqual(key);
    });
  });
}
