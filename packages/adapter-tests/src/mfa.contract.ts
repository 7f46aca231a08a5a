/**
 * `MfaRepo` and the MFA challenge's attempt count (`recordAttemptByHash`): the promises of
 * their doc comments, including races on every atomic method. Calls in a race are all
 * started before any is awaited, so a read-then-write adapter lets several pass.
 */
import type { TotpFactorRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, aVerificationToken, randomHash, uniqueTag } from './builders.ts';
import { givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** A pending TOTP factor of `userId` created at `minute`. */
function aTotpFactor(userId: string, minute = 0): TotpFactorRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    sealedSecret: `v1.k1.${uniqueTag()}.${uniqueTag()}`,
    confirmedAt: null,
    lastUsedStep: null,
    createdAt: atMinute(minute),
  };
}

export function describeMfaContract(repos: ReposAccessor): void {
  describe('MfaRepo: TOTP factors', () => {
    it('keeps one pending factor per user, and a confirmed one beside it', async () => {
      const user = await givenUser(repos());
      const first = aTotpFactor(user.id, 0);
      await repos().mfa.replacePendingTotp(first);
      expect(await repos().mfa.confirmTotp(first.id, 100, atMinute(1))).toBe(true);
      const second = aTotpFactor(user.id, 2);
      const third = aTotpFactor(user.id, 3);
      await repos().mfa.replacePendingTotp(second);
      await repos().mfa.replacePendingTotp(third);

      const factors = await repos().mfa.listTotp(user.id);
      expect(factors).toEqual([{ ...first, confirmedAt: atMinute(1), lastUsedStep: 100 }, third]);
      expect(await repos().mfa.listTotp(crypto.randomUUID())).toEqual([]);
    });

    it('confirming replaces the confirmed factor; a confirmed or unknown one is not confirmed again', async () => {
      const user = await givenUser(repos());
      const old = aTotpFactor(user.id, 0);
      await repos().mfa.replacePendingTotp(old);
      await repos().mfa.confirmTotp(old.id, 10, atMinute(1));
      const next = aTotpFactor(user.id, 2);
      await repos().mfa.replacePendingTotp(next);

      expect(await repos().mfa.confirmTotp(next.id, 20, atMinute(3))).toBe(true);
      expect(await repos().mfa.listTotp(user.id)).toEqual([
        { ...next, confirmedAt: atMinute(3), lastUsedStep: 20 },
      ]);
      expect(await repos().mfa.confirmTotp(next.id, 21, atMinute(4))).toBe(false);
      expect(await repos().mfa.confirmTotp(crypto.randomUUID(), 21, atMinute(4))).toBe(false);
    });

    it('records only a later time step, and only on a confirmed factor (replay guard)', async () => {
      const user = await givenUser(repos());
      const factor = aTotpFactor(user.id);
      await repos().mfa.replacePendingTotp(factor);
      expect(await repos().mfa.recordTotpStep(factor.id, 50)).toBe(false);
      await repos().mfa.confirmTotp(factor.id, 50, atMinute(1));

      expect(await repos().mfa.recordTotpStep(factor.id, 50)).toBe(false);
      expect(await repos().mfa.recordTotpStep(factor.id, 49)).toBe(false);
      expect(await repos().mfa.recordTotpStep(factor.id, 51)).toBe(true);
      expect(await repos().mfa.recordTotpStep(factor.id, 51)).toBe(false);
      expect((await repos().mfa.listTotp(user.id))[0]?.lastUsedStep).toBe(51);
    });

    it('30 concurrent records of one step: exactly one is accepted', async () => {
      const user = await givenUser(repos());
      const factor = aTotpFactor(user.id);
      await repos().mfa.replacePendingTotp(factor);
      await repos().mfa.confirmTotp(factor.id, 1, atMinute(1));

      const results = await race(30, () => repos().mfa.recordTotpStep(factor.id, 2));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('20 concurrent confirmations of one pending factor: exactly one confirms', async () => {
      const user = await givenUser(repos());
      const factor = aTotpFactor(user.id);
      await repos().mfa.replacePendingTotp(factor);

      const results = await race(20, (i) =>
        repos().mfa.confirmTotp(factor.id, 100 + i, atMinute(1)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await repos().mfa.listTotp(user.id);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.lastUsedStep).toBe(100 + results.indexOf(true));
    });
  });

  describe('MfaRepo: backup codes', () => {
    it('uses each code once, counts what remains, and a new set replaces the old', async () => {
      const user = await givenUser(repos());
      const codes = Array.from({ length: 10 }, randomHash);
      await repos().mfa.replaceBackupCodes({
        userId: user.id,
        codeHashes: codes,
        createdAt: atMinute(0),
      });
      expect(await repos().mfa.countBackupCodes(user.id)).toBe(10);

      expect(await repos().mfa.useBackupCode(user.id, codes[3] ?? '')).toBe(9);
      expect(await repos().mfa.useBackupCode(user.id, codes[3] ?? '')).toBeNull();
      expect(await repos().mfa.useBackupCode(user.id, randomHash())).toBeNull();
      expect(await repos().mfa.countBackupCodes(user.id)).toBe(9);

      const other = await givenUser(repos());
      expect(await repos().mfa.useBackupCode(other.id, codes[4] ?? '')).toBeNull();

      const fresh = Array.from({ length: 10 }, randomHash);
      await repos().mfa.replaceBackupCodes({
        userId: user.id,
        codeHashes: fresh,
        createdAt: atMinute(5),
      });
      expect(await repos().mfa.useBackupCode(user.id, codes[4] ?? '')).toBeNull();
      expect(await repos().mfa.useBackupCode(user.id, fresh[0] ?? '')).toBe(9);
      expect(await repos().mfa.countBackupCodes(other.id)).toBe(0);
    });

    it('30 concurrent uses of one code: exactly one succeeds', async () => {
      const user = await givenUser(repos());
      const codes = Array.from({ length: 10 }, randomHash);
      await repos().mfa.replaceBackupCodes({
        userId: user.id,
        codeHashes: codes,
        createdAt: atMinute(0),
      });

      const results = await race(30, () => repos().mfa.useBackupCode(user.id, codes[0] ?? ''));
      expect(results.filter((remaining) => remaining !== null)).toEqual([9]);
      expect(await repos().mfa.countBackupCodes(user.id)).toBe(9);
    });

    it('10 different codes used concurrently: every one succeeds once', async () => {
      const user = await givenUser(repos());
      const codes = Array.from({ length: 10 }, randomHash);
      await repos().mfa.replaceBackupCodes({
        userId: user.id,
        codeHashes: codes,
        createdAt: atMinute(0),
      });

      const results = await race(10, (i) => repos().mfa.useBackupCode(user.id, codes[i] ?? ''));
      expect([...results].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  describe('MfaRepo: attempts and removal', () => {
    it('counts attempts in a window, restarts after it, and forgets on clear', async () => {
      const user = await givenUser(repos());
      const attempt = (minute: number) =>
        repos().mfa.recordAttempt(user.id, atMinute(minute), atMinute(minute - 15));
      expect(await attempt(0)).toEqual({ inWindow: 1, sinceSuccess: 1 });
      expect(await attempt(1)).toEqual({ inWindow: 2, sinceSuccess: 2 });
      // The window that began at minute 0 is over once it started at or before windowStart;
      // the streak since the last success goes on.
      expect(await attempt(15)).toEqual({ inWindow: 1, sinceSuccess: 3 });
      expect(await attempt(16)).toEqual({ inWindow: 2, sinceSuccess: 4 });
      await repos().mfa.clearAttempts(user.id);
      expect(await attempt(17)).toEqual({ inWindow: 1, sinceSuccess: 1 });
    });

    it('40 concurrent attempts are all counted, in the window and in the streak', async () => {
      const user = await givenUser(repos());
      const counts = await race(40, () =>
        repos().mfa.recordAttempt(user.id, atMinute(0), atMinute(-15)),
      );
      const ascending = Array.from({ length: 40 }, (_, i) => i + 1);
      expect(counts.map((count) => count.inWindow).sort((a, b) => a - b)).toEqual(ascending);
      expect(counts.map((count) => count.sinceSuccess).sort((a, b) => a - b)).toEqual(ascending);
    });

    it('deleteByUser removes factors, codes and attempts of that user only; concurrent calls: one true', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      for (const owner of [user, other]) {
        const factor = aTotpFactor(owner.id);
        await repos().mfa.replacePendingTotp(factor);
        await repos().mfa.confirmTotp(factor.id, 1, atMinute(1));
        await repos().mfa.replacePendingTotp(aTotpFactor(owner.id, 2));
        await repos().mfa.replaceBackupCodes({
          userId: owner.id,
          codeHashes: [randomHash()],
          createdAt: atMinute(0),
        });
        await repos().mfa.recordAttempt(owner.id, atMinute(0), atMinute(-15));
      }

      const results = await race(10, () => repos().mfa.deleteByUser(user.id));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await repos().mfa.listTotp(user.id)).toEqual([]);
      expect(await repos().mfa.countBackupCodes(user.id)).toBe(0);
      expect(await repos().mfa.recordAttempt(user.id, atMinute(1), atMinute(-14))).toEqual({
        inWindow: 1,
        sinceSuccess: 1,
      });
      expect(await repos().mfa.deleteByUser(user.id)).toBe(false);

      expect(await repos().mfa.listTotp(other.id)).toHaveLength(2);
      expect(await repos().mfa.countBackupCodes(other.id)).toBe(1);
    });

    it('a permanently deleted user takes its factors and codes along', async () => {
      const user = await givenUser(repos());
      await repos().mfa.replacePendingTotp(aTotpFactor(user.id));
      await repos().mfa.replaceBackupCodes({
        userId: user.id,
        codeHashes: [randomHash()],
        createdAt: atMinute(0),
      });
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(await repos().mfa.listTotp(user.id)).toEqual([]);
      expect(await repos().mfa.countBackupCodes(user.id)).toBe(0);
    });
  });

  describe('VerificationTokenRepo.recordAttemptByHash (MFA challenges)', () => {
    it('counts attempts on a live token up to the limit; never on an expired or consumed one', async () => {
      const user = await givenUser(repos());
      const challenge = aVerificationToken(user.id, {
        purpose: 'mfa_challenge',
        kind: 'link',
        email: null,
      });
      await repos().verificationTokens.replace(challenge);
      const count = () =>
        repos().verificationTokens.recordAttemptByHash(
          'mfa_challenge',
          challenge.secretHash,
          2,
          atMinute(1),
        );

      expect(await count()).toEqual({ ...challenge, attempts: 1 });
      expect((await count())?.attempts).toBe(2);
      expect(await count()).toBeNull();
      expect(
        await repos().verificationTokens.recordAttemptByHash(
          'password_reset',
          challenge.secretHash,
          5,
          atMinute(1),
        ),
      ).toBeNull();

      const expiring = aVerificationToken(user.id, { purpose: 'mfa_challenge', kind: 'link' });
      await repos().verificationTokens.replace(expiring);
      expect(
        await repos().verificationTokens.recordAttemptByHash(
          'mfa_challenge',
          expiring.secretHash,
          5,
          atMinute(15),
        ),
      ).toBeNull();
    });

    it('findLiveByHash reads a live token without counting; null once spent, expired or out of attempts', async () => {
      const user = await givenUser(repos());
      const challenge = aVerificationToken(user.id, {
        purpose: 'mfa_challenge',
        kind: 'link',
        email: null,
      });
      await repos().verificationTokens.replace(challenge);
      const find = (maxAttempts = 2, minute = 1) =>
        repos().verificationTokens.findLiveByHash(
          'mfa_challenge',
          challenge.secretHash,
          maxAttempts,
          atMinute(minute),
        );

      expect(await find()).toEqual(challenge);
      expect(await find()).toEqual(challenge);
      expect(
        await repos().verificationTokens.findLiveByHash(
          'password_reset',
          challenge.secretHash,
          2,
          atMinute(1),
        ),
      ).toBeNull();
      expect(await find(2, 15)).toBeNull();
      await repos().verificationTokens.recordAttemptByHash(
        'mfa_challenge',
        challenge.secretHash,
        2,
        atMinute(1),
      );
      expect((await find())?.attempts).toBe(1);
      expect(await find(1)).toBeNull();
      await repos().verificationTokens.consume('mfa_challenge', challenge.secretHash, atMinute(1));
      expect(await find()).toBeNull();
    });

    it('a passkey sign-in’s challenge is its own purpose: found, counted and consumed once only under it', async () => {
      const user = await givenUser(repos());
      const passwordChallenge = aVerificationToken(user.id, {
        purpose: 'mfa_challenge',
        kind: 'link',
      });
      const passkeyChallenge = aVerificationToken(user.id, {
        purpose: 'passkey_mfa_challenge',
        kind: 'link',
      });
      await repos().verificationTokens.replace(passwordChallenge);
      await repos().verificationTokens.replace(passkeyChallenge);
      // Both live at once: one purpose does not replace the other.
      expect(await repos().verificationTokens.findLatest(user.id, 'mfa_challenge')).toEqual(
        passwordChallenge,
      );
      const hash = passkeyChallenge.secretHash;
      for (const lookup of [
        () => repos().verificationTokens.findLiveByHash('mfa_challenge', hash, 5, atMinute(1)),
        () => repos().verificationTokens.recordAttemptByHash('mfa_challenge', hash, 5, atMinute(1)),
        () => repos().verificationTokens.consume('mfa_challenge', hash, atMinute(1)),
      ]) {
        expect(await lookup()).toBeNull();
      }
      expect(
        await repos().verificationTokens.recordAttemptByHash(
          'passkey_mfa_challenge',
          hash,
          5,
          atMinute(1),
        ),
      ).toEqual({ ...passkeyChallenge, attempts: 1 });
      const spent = await race(10, () =>
        repos().verificationTokens.consume('passkey_mfa_challenge', hash, atMinute(1)),
      );
      expect(spent.filter((row) => row !== null)).toHaveLength(1);
      expect(
        await repos().verificationTokens.findLatest(user.id, 'passkey_mfa_challenge'),
      ).toBeNull();
    });

    it('20 concurrent attempts with a limit of 5: exactly 5 are counted', async () => {
      const user = await givenUser(repos());
      const challenge = aVerificationToken(user.id, { purpose: 'mfa_challenge', kind: 'link' });
      await repos().verificationTokens.replace(challenge);

      const results = await race(20, () =>
        repos().verificationTokens.recordAttemptByHash(
          'mfa_challenge',
          challenge.secretHash,
          5,
          atMinute(1),
        ),
      );
      const counted = results.flatMap((row) => (row === null ? [] : [row.attempts]));
      expect([...counted].sort()).toEqual([1, 2, 3, 4, 5]);
    });
  });
}
