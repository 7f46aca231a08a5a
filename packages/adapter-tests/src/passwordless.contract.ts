/**
 * Passwordless sign-in stores through the verification-token and pending-sign-up
 * repositories with purposes of its own: `magic_link` (a link nonce's hash, consumed once)
 * and `sign_in_code` (a code guessed through `attempt`), and password-less pending sign-ups
 * for sign-up links. These cases prove an adapter accepts those purposes and keeps their
 * single use under races (a double click, parallel code guesses).
 */
import { describe, expect, it } from 'vitest';
import { aPendingSignUp, atMinute, aVerificationToken, randomHash } from './builders.ts';
import { givenUser, present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

function race<T>(count: number, call: () => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, () => call()));
}

/** Cases for the passwordless purposes. */
export function describePasswordlessContract(repos: ReposAccessor): void {
  describe('passwordless purposes', () => {
    it('a magic-link token: 20 concurrent consumes by hash, exactly one gets the row', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'magic_link', kind: 'link' });
      await repos().verificationTokens.replace(link);

      const results = await race(20, () =>
        repos().verificationTokens.consume('magic_link', link.secretHash, atMinute(1)),
      );
      expect(results.filter((row) => row !== null)).toEqual([{ ...link, consumedAt: atMinute(1) }]);
      expect(await repos().verificationTokens.findLatest(user.id, 'magic_link')).toBeNull();
    });

    it('a magic-link token is found only under its own purpose, and not once expired', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'magic_link', kind: 'link' });
      await repos().verificationTokens.replace(link);
      const { secretHash } = link;
      expect(
        await repos().verificationTokens.consume('password_reset', secretHash, atMinute(1)),
      ).toBeNull();
      expect(
        await repos().verificationTokens.consume('magic_link', secretHash, atMinute(15)),
      ).toBeNull();
    });

    it('a newer magic link replaces the older one of the same user', async () => {
      const user = await givenUser(repos());
      const older = aVerificationToken(user.id, { purpose: 'magic_link', kind: 'link' });
      const newer = aVerificationToken(user.id, { purpose: 'magic_link', kind: 'link' });
      await repos().verificationTokens.replace(older);
      await repos().verificationTokens.replace(newer);
      const now = atMinute(1);
      expect(await repos().verificationTokens.consume('magic_link', older.secretHash, now)).toBe(
        null,
      );
      expect(
        await repos().verificationTokens.consume('magic_link', newer.secretHash, now),
      ).not.toBeNull();
    });

    it('a sign-in code: of 20 concurrent right guesses exactly one consumes it', async () => {
      const user = await givenUser(repos());
      const code = aVerificationToken(user.id, { purpose: 'sign_in_code' });
      await repos().verificationTokens.replace(code);
      const results = await race(20, () =>
        repos().verificationTokens.attempt({
          id: code.id,
          secretHash: code.secretHash,
          maxAttempts: 5,
          now: atMinute(1),
        }),
      );
      expect(results.filter((result) => result.status === 'consumed')).toHaveLength(1);
    });

    it('a sign-in code: 20 concurrent wrong guesses exhaust it, then the right one is refused', async () => {
      const user = await givenUser(repos());
      const code = aVerificationToken(user.id, { purpose: 'sign_in_code' });
      await repos().verificationTokens.replace(code);
      const guess = (secretHash: string) =>
        repos().verificationTokens.attempt({
          id: code.id,
          secretHash,
          maxAttempts: 5,
          now: atMinute(1),
        });
      const results = await race(20, () => guess(randomHash()));
      expect(results.filter((result) => result.status === 'mismatch')).toHaveLength(5);
      expect(results.filter((result) => result.status === 'too_many_attempts')).toHaveLength(15);
      expect(await guess(code.secretHash)).toEqual({ status: 'too_many_attempts' });
    });

    it('a password-less sign-up link: 20 concurrent redemptions, exactly one gets the row', async () => {
      const pending = aPendingSignUp({ kind: 'link', passwordHash: null, metadata: {} });
      await repos().pendingSignUps.create(pending);
      const results = await race(20, () =>
        repos().pendingSignUps.redeemLink(pending.secretHash, atMinute(1)),
      );
      const winners = results.filter((row) => row !== null);
      expect(winners).toHaveLength(1);
      expect(present(winners[0])).toMatchObject({ passwordHash: null, consumedAt: atMinute(1) });
    });
  });
}
