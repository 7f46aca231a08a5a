import { describe, expect, it } from 'vitest';
import { atMinute, aVerificationToken, randomHash } from './builders.ts';
import { givenSession, givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/**
 * What account deletion relies on: its confirmation nonce is a verification token of
 * purpose `account_deletion`, consumed once however many confirmations race, and the
 * user's deletion leaves no auth row behind.
 */
export function describeAccountDeletionContract(repos: ReposAccessor): void {
  describe('account deletion', () => {
    it('stores an account_deletion token and 30 concurrent confirmations consume it once', async () => {
      const user = await givenUser(repos());
      const secretHash = randomHash();
      const token = aVerificationToken(user.id, {
        purpose: 'account_deletion',
        kind: 'link',
        secretHash,
        createdAt: atMinute(0),
        expiresAt: atMinute(60),
      });
      await repos().verificationTokens.replace(token);
      expect(await repos().verificationTokens.findLatest(user.id, 'account_deletion')).toEqual(
        token,
      );

      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          repos().verificationTokens.consume('account_deletion', secretHash, atMinute(1)),
        ),
      );
      expect(results.filter((row) => row !== null)).toHaveLength(1);
      // The same hash under another purpose never matched.
      expect(
        await repos().verificationTokens.consume('password_reset', secretHash, atMinute(1)),
      ).toBeNull();
    });

    it('a request replaced by a newer one can no longer be consumed', async () => {
      const user = await givenUser(repos());
      const first = aVerificationToken(user.id, {
        purpose: 'account_deletion',
        kind: 'link',
        expiresAt: atMinute(60),
      });
      const second = aVerificationToken(user.id, {
        purpose: 'account_deletion',
        kind: 'link',
        expiresAt: atMinute(60),
      });
      await repos().verificationTokens.replace(first);
      await repos().verificationTokens.replace(second);
      expect(
        await repos().verificationTokens.consume('account_deletion', first.secretHash, atMinute(1)),
      ).toBeNull();
      expect(
        await repos().verificationTokens.consume(
          'account_deletion',
          second.secretHash,
          atMinute(1),
        ),
      ).not.toBeNull();
    });

    it('deleting the user removes its sessions, refresh families and deletion tokens', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const token = aVerificationToken(user.id, {
        purpose: 'account_deletion',
        kind: 'link',
        expiresAt: atMinute(60),
      });
      await repos().verificationTokens.replace(token);
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(await repos().users.findById(user.id)).toBeNull();
      expect(await repos().sessions.findById(session.id)).toBeNull();
      expect(await repos().sessions.listByUser(user.id)).toEqual([]);
      expect(await repos().verificationTokens.findLatest(user.id, 'account_deletion')).toBeNull();
      expect(
        await repos().verificationTokens.consume('account_deletion', token.secretHash, atMinute(1)),
      ).toBeNull();
    });
  });
}
