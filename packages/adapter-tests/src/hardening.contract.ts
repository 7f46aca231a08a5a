import { InputError, StorageError } from '@portcullis/core';
import { encodeCursor } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import {
  aRefreshToken,
  aSession,
  atMinute,
  aUser,
  aVerificationToken,
  randomHash,
} from './builders.ts';
import { givenFamily, givenUser } from './fixtures.ts';
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

    it('never overwrites a stored refresh token: a repeated hash fails and revives nothing', async () => {
      const revoked = await givenFamily(repos());
      await repos().sessions.end(revoked.session.id, atMinute(1));
      const stored = { ...revoked.token, revokedAt: atMinute(1) };
      // A live record under the revoked token's hash would bring the stolen token back.
      const forged = aRefreshToken(revoked.owner, { tokenHash: revoked.token.tokenHash });
      await expect(repos().refreshTokens.create(forged)).rejects.toBeInstanceOf(StorageError);
      expect(await repos().refreshTokens.findByHash(stored.tokenHash)).toEqual(stored);

      // Rotating onto that hash fails whole: the presented token stays live, unclaimed.
      const live = await givenFamily(repos());
      const onto = aRefreshToken(live.owner, { tokenHash: revoked.token.tokenHash });
      await expect(
        repos().refreshTokens.rotate(live.token.tokenHash, onto, atMinute(2)),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await repos().refreshTokens.findByHash(live.token.tokenHash)).toEqual(live.token);
      expect(await repos().refreshTokens.findByHash(stored.tokenHash)).toEqual(stored);
    });

    it('never overwrites a stored verification token through replace with its id', async () => {
      const user = await givenUser(repos());
      const tokens = repos().verificationTokens;
      // A consumed code: a replace that overwrote it would make it spendable again.
      const spent = aVerificationToken(user.id);
      await tokens.replace(spent);
      expect(await tokens.consume(spent.purpose, spent.secretHash, atMinute(1))).not.toBeNull();
      await expect(
        tokens.replace(aVerificationToken(user.id, { id: spent.id })),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await tokens.consume(spent.purpose, spent.secretHash, atMinute(2))).toBeNull();
      expect(await tokens.findLatest(user.id, spent.purpose)).toBeNull();

      // Another user's live link keeps its id, its owner and its hash.
      const other = await givenUser(repos());
      const link = aVerificationToken(other.id, { purpose: 'password_reset', kind: 'link' });
      await tokens.replace(link);
      await expect(
        tokens.replace(aVerificationToken(user.id, { id: link.id, purpose: 'password_reset' })),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await tokens.findLatest(other.id, 'password_reset')).toEqual(link);
      expect(await tokens.findLatest(user.id, 'password_reset')).toBeNull();
    });
  });
}
