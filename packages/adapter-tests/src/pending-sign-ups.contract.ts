import { describe, expect, it } from 'vitest';
import { aPendingSignUp, atMinute } from './builders.ts';
import { present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `count` concurrent calls of `call`, all started before the first is awaited. */
function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** `PendingSignUpRepo`: several per address, attempts on all, single use, pruning. */
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

    it('recordAttempts counts on every live sign-up of the address only, newest first', async () => {
      const old = aPendingSignUp({ attempts: 2 });
      const same = { email: old.email, emailKey: old.emailKey };
      const newer = aPendingSignUp({ ...same, createdAt: atMinute(1) });
      const expired = aPendingSignUp({ ...same, expiresAt: atMinute(2) });
      const consumed = aPendingSignUp({ ...same, consumedAt: atMinute(1) });
      const elsewhere = aPendingSignUp();
      for (const row of [old, newer, expired, consumed, elsewhere]) {
        await repos().pendingSignUps.create(row);
      }
      const counted = await repos().pendingSignUps.recordAttempts(old.emailKey, atMinute(2));
      expect(counted).toEqual([
        { ...newer, attempts: 1 },
        { ...old, attempts: 3 },
      ]);
      const again = await repos().pendingSignUps.recordAttempts(old.emailKey, atMinute(2));
      expect(again.map((row) => row.attempts)).toEqual([2, 4]);
      expect(await repos().pendingSignUps.recordAttempts(elsewhere.emailKey, atMinute(20))).toEqual(
        [],
      );
    });

    it('recordAttempts stores the decoy only when nothing live matched', async () => {
      const live = aPendingSignUp();
      await repos().pendingSignUps.create(live);
      const unused = aPendingSignUp({ ...live, id: crypto.randomUUID(), consumedAt: atMinute(1) });
      expect(
        await repos().pendingSignUps.recordAttempts(live.emailKey, atMinute(1), unused),
      ).toEqual([{ ...live, attempts: 1 }]);
      const empty = aPendingSignUp();
      const decoy = aPendingSignUp({ ...empty, consumedAt: atMinute(1) });
      expect(
        await repos().pendingSignUps.recordAttempts(empty.emailKey, atMinute(1), decoy),
      ).toEqual([]);
      expect(await repos().pendingSignUps.findLatest(empty.emailKey)).toEqual(decoy);
      // The decoy is never live: the next guess counts nothing and stores another decoy.
      expect(await repos().pendingSignUps.recordAttempts(empty.emailKey, atMinute(1))).toEqual([]);
      expect(await repos().pendingSignUps.deleteByEmailKey(live.emailKey)).toBe(1);
    });

    it('consume and consumeByHash take a live sign-up once, never an expired one', async () => {
      const byId = aPendingSignUp();
      const byHash = aPendingSignUp({ kind: 'link' });
      const expiring = aPendingSignUp({ expiresAt: atMinute(5) });
      for (const row of [byId, byHash, expiring]) await repos().pendingSignUps.create(row);

      expect(await repos().pendingSignUps.consume(byId.id, atMinute(1))).toEqual({
        ...byId,
        consumedAt: atMinute(1),
      });
      expect(await repos().pendingSignUps.consume(byId.id, atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.consumeByHash(byHash.secretHash, atMinute(1))).toEqual({
        ...byHash,
        consumedAt: atMinute(1),
      });
      expect(await repos().pendingSignUps.consumeByHash(byHash.secretHash, atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.consume(expiring.id, atMinute(5))).toBeNull();
      expect(await repos().pendingSignUps.consume('no-such-id', atMinute(1))).toBeNull();
      expect(await repos().pendingSignUps.recordAttempts(byId.emailKey, atMinute(1))).toEqual([]);
    });

    it('deleteByEmailKey removes every sign-up of that address and no other', async () => {
      const one = aPendingSignUp();
      const two = aPendingSignUp({ email: one.email, emailKey: one.emailKey, kind: 'link' });
      const other = aPendingSignUp();
      for (const row of [one, two, other]) await repos().pendingSignUps.create(row);
      expect(await repos().pendingSignUps.deleteByEmailKey(one.emailKey)).toBe(2);
      expect(await repos().pendingSignUps.findLatest(one.emailKey)).toBeNull();
      expect(await repos().pendingSignUps.consumeByHash(two.secretHash, atMinute(1))).toBeNull();
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

    it('50 concurrent consumes of one sign-up: exactly one gets the row', async () => {
      const signUp = aPendingSignUp();
      await repos().pendingSignUps.create(signUp);
      const results = await race(50, (i) =>
        i % 2 === 0
          ? repos().pendingSignUps.consume(signUp.id, atMinute(1))
          : repos().pendingSignUps.consumeByHash(signUp.secretHash, atMinute(1)),
      );
      expect(results.filter((row) => row !== null)).toEqual([
        { ...signUp, consumedAt: atMinute(1) },
      ]);
    });

    it('50 concurrent recordAttempts: every count from 1 to 50 handed out once per sign-up', async () => {
      const first = aPendingSignUp();
      const second = aPendingSignUp({ email: first.email, emailKey: first.emailKey });
      await repos().pendingSignUps.create(first);
      await repos().pendingSignUps.create(second);
      const results = await race(50, () =>
        repos().pendingSignUps.recordAttempts(first.emailKey, atMinute(1)),
      );
      for (const id of [first.id, second.id]) {
        const counts = results.map((rows) => present(rows.find((row) => row.id === id)).attempts);
        expect([...counts].sort((a, b) => a - b)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      }
    });
  });
}
