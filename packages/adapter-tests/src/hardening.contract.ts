import { InputError, StorageError } from '@portcullis/core';
import { encodeCursor } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { aSession, aUser, randomHash } from './builders.ts';
import { givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/**
 * Input an adapter must refuse rather than guess at: forged cursors, bad limits, identity
 * fields smuggled into a patch at runtime, repeated primary keys.
 */
export function describeHardeningContract(repos: ReposAccessor): void {
  describe('hardening', () => {
    it('rejects a forged or corrupted list cursor with InputError, not a guess', async () => {
      for (const cursor of ['***', 'bm90LWEtY3Vyc29y', encodeCursor({ createdAtMs: 0, id: '' })]) {
        await expect(repos().users.list({ limit: 5, cursor })).rejects.toSatisfy(
          (error) =>
            error instanceof InputError &&
            error.issues.some(
              (issue) => issue.field === 'cursor' && issue.problem === 'invalid_format',
            ),
        );
      }
    });

    it('rejects a list limit that is not a positive integer', async () => {
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await expect(repos().users.list({ limit })).rejects.toBeInstanceOf(InputError);
      }
    });

    it('ignores identity fields smuggled into an update patch at runtime', async () => {
      const user = await givenUser(repos());
      const victimKey = `victim.${randomHash().slice(0, 12)}@example.test`;
      const patch = { updatedAt: new Date(1), id: 'hijacked', emailKey: victimKey };
      expect(await repos().users.update(user.id, patch)).toEqual({
        ...user,
        updatedAt: new Date(1),
      });
      expect(await repos().users.findByEmailKey(victimKey)).toBeNull();
      expect(await repos().users.findById('hijacked')).toBeNull();
    });

    it('fails loudly with StorageError on a repeated primary key instead of overwriting', async () => {
      const user = await givenUser(repos());
      await expect(repos().users.create(aUser({ id: user.id }))).rejects.toBeInstanceOf(
        StorageError,
      );
      const session = aSession(user.id);
      await repos().sessions.create(session);
      await expect(
        repos().sessions.create({ ...session, secretHash: randomHash() }),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await repos().sessions.findById(session.id)).toEqual(session);
    });
  });
}
