import { describe, expect, it } from 'vitest';
import { aPendingSignUp, atMinute, randomHash } from './builders.ts';
import { present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `count` concurrent calls of `call`, all started before the first is awaited. */
function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** `PendingSignUpRepo`: several per address, one counted step per guess, single use, pruning. */
export function describePendingSignUpContract(repos: ReposAccessor): void {
  describe('pendingSignUps', () => {
    it('stores several sign-ups for one address; findLatest returns the newest intact', async () => {
      const first = aPendingSignUp();
      const second = aPendingSignUp({
        email: first.email,
        emailKey: first.emailKey,
        passwordHash: null,
        kind: 'link',
        createdAt: atMinute(1),
      });
      await repos().pendingSignUps.create(first);
      await repos().pendingSignUps.create(second);
      const latest = present(await repos().pendingSignUps.findLatest(first.emailKey));
      expect(latest).toEqual(second);
      expect(latest.createdAt).toBeInstanceOf(Date);
      expect(await repos().pendingSignUps.findLatest(aPendingSignUp().emailKey)).toBeNull();
    });

    it('refuses a repeated id instead of overwriting the stored sign-up', async () => {
      const signUp = aPendingSignUp();
      await repos().pendingSignUps.create(signUp);
      await expect(
        repos().pendingSignUps.create({ ...aPendingSignUp(), id: signUp.id }),
      ).rejects.toThrow();
      expect(await repos().pendingSignUps.findLatest(signUp.emailKey)).toEqual(signUp);
    });

    it('redeemCode counts on every live code sign-up of the address, then redeems', async () => {
      const old = aPendingSignUp({ attempts: 2 });
      const same = { email: old.email, emailKey: old.emailKey };
      const newer = aPendingSignUp({ ...same, createdAt: atMinute(1) });
      const expired = aPendingSignUp({ ...same, expiresAt: atMinute(2) });
      const consumed = aPendingSignUp({ ...same, consumedAt: atMinute(1) });
      const link = aPendingSignUp({ ...same, kind: 'link', createdAt: atMinute(3) });
      const elsewhere = aPendingSignUp();
      for (const row of [old, newer, expired, consumed, link, elsewhere]) {
        await repos().pendingSignUps.create(row);
      }
      const guess = (secretHash: string) =>
        repos().pendingSignUps.redeemCode({
          emailKey: old.emailKey,
          secretHash,
          maxAttempts: 4,
          now: atMinute(2),
        });
      const refused = { status: 'refused', lockedOut: false };
      expect(await guess(randomHash())).toEqual(refused); // old 3, newer 1
      expect(await guess(expired.secretHash)).toEqual(refused); // old 4, newer 2
      expect(await guess(consumed.secretHash)).toEqual({ status: 'refused', lockedOut: true });
      // old has now seen 5 guesses: its own code no longer works.
      expect(await guess(old.secretHash)).toEqual({ status: 'refused', lockedOut: true });
      expect(await guess(link.secretHash)).toEqual({ status: 'refused', lockedOut: true });
      // newer has seen 5 as well by now; a fresh limit shows the counts are exact.
      const redeemed = await repos().pendingSignUps.redeemCode({
        emailKey: old.emailKey,
        secretHash: newer.secretHash,
        maxAttempts: 6,
        now: atMinute(2),
      });
      expect(redeemed).toEqual({
        status: 'redeemed',
        signUp: { ...newer, attempts: 6, consumedAt: atMinute(2) },
      });
      if (redeemed.status === 'redeemed') expect(redeemed.signUp.consumedAt).toBeInstanceOf(Date);
      // The link row was never counted, nor the other address's.
      expect(await repos().pendingSignUps.findLatest(old.emailKey)).toEqual(link);
      expect(await repos().pendingSignUps.findLatest(elsewhere.emailKey)).toEqual(elsewhere);
      expect(await guess(newer.secretHash)).toEqual({ status: 'refused', lockedOut: true });
    });

    it('redeemCode takes the newest of two sign-ups that share a code, then the older', async () => {
      const older = aPendingSignUp();
      const newer = aPendingSignUp({
        email: older.email,
        emailKey: older.emailKey,
        secretHash: older.secretHash,
        createdAt: atMinute(1),
      });
      await repos().pendingSignUps.create(older);
      await repos().pendingSignUps.create(newer);
      const guess = () =>
        repos().pendingSignUps.redeemCode({
          emailKey: older.emailKey,
          secretHash: older.secretHash,
          maxAttempts: 5,
          now: atMinute(2),
        });
      expect(await guess()).toMatchObject({ status: 'redeemed', signUp: { id: newer.id } });
      expect(await guess()).toMatchObject({ status: 'redeemed', signUp: { id: older.id } });
      expect(await guess()).toEqual({ status: 'refused', lockedOut: false });
    });

    it('redeemCode stores the decoy only when nothing live was counted', async () => {
      const live = aPendingSignUp();
      await repos().pendingSignUps.create(live);
      const unused = aPendingSignUp({ ...live, id: crypto.randomUUID(), consumedAt: atMinute(1) });
      const wrong = { secretHash: randomHash(), maxAttempts: 5, now: atMinute(1) };
      expect(
        await repos().pendingSignUps.redeemCode({
          ...wrong,
          emailKey: live.emailKey,
          decoy: unused,
        }),
      ).toEqual({ status: 'refused', lockedOut: false });
      const empty = aPendingSignUp();
      const decoy = aPendingSignUp({ ...empty, consumedAt: atMinute(1) });
      expect(
        await repos().pendingSignUps.redeemCode({ ...wrong, emailKey: empty.emailKey, decoy }),
      ).toEqual({ status: 'refused', lockedOut: false });
      expect(await repos().pendingSignUps.findLatest(empty.emailKey)).toEqual(decoy);
      // The decoy is never live: its own hash redeems nothing.
      expect(
        await repos().pendingSignUps.redeemCode({
          ...wrong,
          emailKey: empty.emailKey,
          secretHash: decoy.secretHash,
        }),
      ).toEqual({ status: 'refused', lockedOut: false });
      expect(await repos().pendingSignUps.deleteByEmailKey(live.emailKey)).toBe(1);
    });

    it('redeemLink takes a live link once, never a code row or an expired link', async () => {
      const link = aPendingSignUp({ kind: 'link' });
      const code = aPendingSignUp();
      const expiring = aPendingSignUp({ kind: 'link', expiresAt: atMinute(5) });
      for (const row of [link, code, expiring]) await repos().pendingSignUps.create(row);

      expect(await repos().pendingSignUps.redeemLink(link.secretHash, atMinute(1))).toEqual({
        ...link,
        consumedAt: atMinute(1),
      });
      expect(await repos().pendingSignUps.redeemLink(link.secretHash, atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.redeemLink(code.secretHash, atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.redeemLink(expiring.secretHash, atMinute(5))).toBeNull();
      expect(await repos().pendingSignUps.redeemLink(randomHash(), atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.findLatest(code.emailKey)).toEqual(code);
    });

    it('deleteByEmailKey removes every sign-up of that address and no other', async () => {
      const one = aPendingSignUp();
      const two = aPendingSignUp({ email: one.email, emailKey: one.emailKey, kind: 'link' });
      const other = aPendingSignUp();
      for (const row of [one, two, other]) await repos().pendingSignUps.create(row);
      expect(await repos().pendingSignUps.deleteByEmailKey(one.emailKey)).toBe(2);
      expect(await repos().pendingSignUps.findLatest(one.emailKey)).toBeNull();
      expect(await repos().pendingSignUps.redeemLink(two.secretHash, atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.findLatest(other.emailKey)).toEqual(other);
    });

    it('deleteExpired removes expired and consumed sign-ups, keeping every redeemable one', async () => {
      const live = aPendingSignUp({ expiresAt: atMinute(10_000) });
      const expired = aPendingSignUp({ expiresAt: atMinute(9_000) });
      const consumed = aPendingSignUp({ expiresAt: atMinute(10_000), consumedAt: atMinute(1) });
      for (const row of [live, expired, consumed]) await repos().pendingSignUps.create(row);
      // Other tests share the store: count only that at least ours went.
      expect(await repos().pendingSignUps.deleteExpired(atMinute(9_000))).toBeGreaterThanOrEqual(2);
      expect(await repos().pendingSignUps.findLatest(expired.emailKey)).toBeNull();
      expect(await repos().pendingSignUps.findLatest(consumed.emailKey)).toBeNull();
      expect(await repos().pendingSignUps.findLatest(live.emailKey)).toEqual(live);
    });

    it('50 concurrent right guesses at one code: exactly one redeems', async () => {
      const signUp = aPendingSignUp();
      await repos().pendingSignUps.create(signUp);
      const results = await race(50, () =>
        repos().pendingSignUps.redeemCode({
          emailKey: signUp.emailKey,
          secretHash: signUp.secretHash,
          maxAttempts: 100,
          now: atMinute(1),
        }),
      );
      const redeemed = results.flatMap((result) =>
        result.status === 'redeemed' ? [result.signUp] : [],
      );
      expect(redeemed).toEqual([{ ...signUp, attempts: 1, consumedAt: atMinute(1) }]);
    });

    it('50 concurrent clicks on one link: exactly one redeems', async () => {
      const signUp = aPendingSignUp({ kind: 'link' });
      await repos().pendingSignUps.create(signUp);
      const results = await race(50, () =>
        repos().pendingSignUps.redeemLink(signUp.secretHash, atMinute(1)),
      );
      expect(results.filter((row) => row !== null)).toEqual([
        { ...signUp, consumedAt: atMinute(1) },
      ]);
    });

    it('50 concurrent wrong guesses on two sign-ups: each counts all 50, none lost', async () => {
      const first = aPendingSignUp();
      const second = aPendingSignUp({ email: first.email, emailKey: first.emailKey });
      await repos().pendingSignUps.create(first);
      await repos().pendingSignUps.create(second);
      const results = await race(50, () =>
        repos().pendingSignUps.redeemCode({
          emailKey: first.emailKey,
          secretHash: randomHash(),
          maxAttempts: 20,
          now: atMinute(1),
        }),
      );
      // Guesses 1..20 found no sign-up locked out; 21..50 found both past the limit.
      expect(
        results.filter((result) => result.status === 'refused' && result.lockedOut),
      ).toHaveLength(30);
      for (const signUp of [first, second]) {
        const next = await repos().pendingSignUps.redeemCode({
          emailKey: first.emailKey,
          secretHash: signUp.secretHash,
          maxAttempts: 52,
          now: atMinute(1),
        });
        expect(next).toMatchObject({ status: 'redeemed', signUp: { id: signUp.id } });
        if (next.status === 'redeemed')
          expect(next.signUp.attempts).toBe(signUp === first ? 51 : 52);
      }
    });
  });
}
