/**
 * Races on every **Atomic** method. Each test starts all calls before awaiting any
 * (`Promise.all` over promises that are already running), so an adapter that reads, then
 * writes in a second step lets several callers pass the check, and the test sees it.
 * These are the double-spend attacks the atomic contract exists to stop: a replayed
 * refresh token, a reused reset link, parallel code guesses past the attempt limit.
 */
import { describe, expect, it } from 'vitest';
import { aRefreshToken, atMinute, aUser, aVerificationToken, randomHash } from './builders.ts';
import { givenRefreshToken, givenSession, givenUser, present } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `count` concurrent calls of `call`, all started before the first is awaited. */
function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** Concurrency cases for the atomic repository methods. */
export function describeConcurrencyContract(repos: ReposAccessor): void {
  describe('concurrency', () => {
    it('50 concurrent rotations of one refresh token: exactly one wins', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const token = await givenRefreshToken(repos(), session);
      const successors = Array.from({ length: 50 }, () =>
        aRefreshToken({ sessionId: session.id, userId: user.id }),
      );

      const results = await race(50, (i) =>
        repos().refreshTokens.rotate(token.tokenHash, present(successors[i]), atMinute(1)),
      );

      const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      const stored = [];
      for (const successor of successors) {
        stored.push(await repos().refreshTokens.findByHash(successor.tokenHash));
      }
      const storedIndexes = stored.flatMap((row, i) => (row === null ? [] : [i]));
      expect(storedIndexes).toEqual(winners);
      for (const result of results) {
        if (result.ok) continue;
        expect(present(result.current).tokenHash).toBe(token.tokenHash);
        expect(present(result.current).rotatedAt).toBeInstanceOf(Date);
      }
    });

    it('50 concurrent right guesses at one code: exactly one consumes it', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);

      const { secretHash } = token;
      const results = await race(50, () =>
        repos().verificationTokens.attempt({
          id: token.id,
          secretHash,
          maxAttempts: 100,
          now: atMinute(1),
        }),
      );
      const consumed = results.filter((result) => result.status === 'consumed');
      expect(consumed).toHaveLength(1);
      expect(results.filter((result) => result.status === 'unavailable')).toHaveLength(49);
      expect(present(consumed[0]).status === 'consumed' && present(consumed[0]).token).toEqual({
        ...token,
        attempts: 1,
        consumedAt: atMinute(1),
      });
    });

    it('30 concurrent wrong guesses all count; none past the limit is compared', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);

      const results = await race(30, () =>
        repos().verificationTokens.attempt({
          id: token.id,
          secretHash: randomHash(),
          maxAttempts: 10,
          now: atMinute(1),
        }),
      );
      const statuses = results.map((result) => result.status).sort();
      expect(statuses.filter((status) => status === 'mismatch')).toHaveLength(10);
      expect(statuses.filter((status) => status === 'too_many_attempts')).toHaveLength(20);
      const stored = await repos().verificationTokens.findLatest(user.id, token.purpose);
      expect(present(stored).attempts).toBe(30);
    });

    it('right and wrong guesses racing: the right one wins only within the limit', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);

      // 20 guesses, 3 allowed, the right one among them: it consumes exactly when it was
      // counted among the first three; otherwise nothing is consumed.
      const results = await race(20, (i) =>
        repos().verificationTokens.attempt({
          id: token.id,
          secretHash: i === 7 ? token.secretHash : randomHash(),
          maxAttempts: 3,
          now: atMinute(1),
        }),
      );
      const right = present(results[7]).status;
      const counted = results.filter((result) => result.status !== 'unavailable').length;
      if (right === 'consumed') {
        expect(counted).toBeLessThanOrEqual(3);
        expect(results.filter((result) => result.status === 'too_many_attempts')).toEqual([]);
      } else {
        expect(right).toBe('too_many_attempts');
        expect(results.filter((result) => result.status === 'mismatch')).toHaveLength(3);
        const stored = await repos().verificationTokens.findLatest(user.id, token.purpose);
        expect(present(stored).attempts).toBe(20);
      }
    });

    it('50 concurrent consumes of one link: exactly one gets the row', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      await repos().verificationTokens.replace(link);

      const results = await race(50, () =>
        repos().verificationTokens.consume('password_reset', link.secretHash, atMinute(1)),
      );
      expect(results.filter((row) => row !== null)).toEqual([{ ...link, consumedAt: atMinute(1) }]);
    });

    it('20 concurrent creates with one emailKey: exactly one user is stored', async () => {
      const users = Array.from({ length: 20 }, () => aUser());
      const emailKey = present(users[0]).emailKey;
      const results = await race(20, (i) =>
        repos().users.create({ ...present(users[i]), emailKey }),
      );

      const created = results.filter((user) => user !== null);
      expect(created).toHaveLength(1);
      const winner = present(created[0]);
      expect(await repos().users.findByEmailKey(emailKey)).toEqual(winner);
      for (const user of users) {
        if (user.id !== winner.id) expect(await repos().users.findById(user.id)).toBeNull();
      }
    });

    it('20 concurrent password-hash swaps from one expected hash: exactly one writes', async () => {
      const user = await givenUser(repos());
      const expected = present(user.passwordHash);
      const results = await race(20, (i) =>
        repos().users.replacePasswordHash(user.id, expected, `next-${i}`, atMinute(1)),
      );

      const winners = results.flatMap((wrote, i) => (wrote ? [i] : []));
      expect(winners).toHaveLength(1);
      const stored = await repos().users.findById(user.id);
      expect(present(stored).passwordHash).toBe(`next-${winners[0]}`);
    });

    it('20 concurrent replaces for one user and purpose leave exactly one live token', async () => {
      const user = await givenUser(repos());
      const tokens = Array.from({ length: 20 }, () => aVerificationToken(user.id));
      await race(20, (i) => repos().verificationTokens.replace(present(tokens[i])));

      const live = [];
      for (const token of tokens) {
        const outcome = await repos().verificationTokens.attempt({
          id: token.id,
          secretHash: randomHash(),
          maxAttempts: 5,
          now: atMinute(1),
        });
        if (outcome.status !== 'unavailable') live.push(token.id);
      }
      expect(live).toHaveLength(1);
      const latest = await repos().verificationTokens.findLatest(user.id, 'email_verification');
      expect(present(latest).id).toBe(live[0]);
    });

    it('20 concurrent touches leave lastUsedAt at the latest time', async () => {
      const user = await givenUser(repos());
      const session = await givenSession(repos(), user.id);
      const minutes = Array.from({ length: 20 }, (_, i) => (i * 7) % 20);
      await race(20, (i) => repos().sessions.touch(session.id, atMinute(present(minutes[i]))));

      const stored = await repos().sessions.findById(session.id);
      expect(present(stored).lastUsedAt).toEqual(atMinute(19));
    });
  });
}
