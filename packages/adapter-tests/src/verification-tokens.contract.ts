import type { VerificationGuess, VerificationTokenRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, aVerificationToken, randomHash } from './builders.ts';
import { givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `VerificationTokenRepo`: replace-on-resend, counted guesses, single use by hash. */
export function describeVerificationTokenContract(repos: ReposAccessor): void {
  describe('verificationTokens', () => {
    it('replace stores the token and findLatest returns it with Dates intact', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { purpose: 'mfa_challenge', email: null });
      await repos().verificationTokens.replace(token);
      const found = present(await repos().verificationTokens.findLatest(user.id, 'mfa_challenge'));
      expect(found).toEqual(token);
      expect(found.expiresAt).toBeInstanceOf(Date);
      expect(await repos().verificationTokens.findLatest(user.id, 'password_reset')).toBeNull();
    });

    it('returned tokens are copies', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);
      const found = present(await repos().verificationTokens.findLatest(user.id, token.purpose));
      (found as Writable<typeof found>).attempts = 99;
      found.expiresAt.setTime(0);
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toEqual(token);
    });

    it('replace invalidates the previous unconsumed token of that user and purpose only', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      const old = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      const otherPurpose = aVerificationToken(user.id, { purpose: 'email_verification' });
      const otherUser = aVerificationToken(other.id, { purpose: 'password_reset' });
      for (const token of [old, otherPurpose, otherUser]) {
        await repos().verificationTokens.replace(token);
      }
      const resent = aVerificationToken(user.id, {
        purpose: 'password_reset',
        kind: 'link',
        createdAt: atMinute(1),
      });
      await repos().verificationTokens.replace(resent);

      expect(await repos().verificationTokens.findLatest(user.id, 'password_reset')).toEqual(
        resent,
      );
      const tokens = repos().verificationTokens;
      expect(await tokens.attempt(guess(old, old.secretHash, atMinute(2)))).toEqual({
        status: 'unavailable',
      });
      expect(await tokens.consume('password_reset', old.secretHash, atMinute(2))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, 'email_verification')).toEqual(
        otherPurpose,
      );
      expect(await repos().verificationTokens.findLatest(other.id, 'password_reset')).toEqual(
        otherUser,
      );
    });

    it('findLatest ignores consumed tokens', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);
      await repos().verificationTokens.consume(token.purpose, token.secretHash, atMinute(1));
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toBeNull();

      const next = aVerificationToken(user.id, { createdAt: atMinute(2), expiresAt: atMinute(17) });
      await repos().verificationTokens.replace(next);
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toEqual(next);
    });

    it('attempt with the right hash consumes the token and counts the guess', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { attempts: 1 });
      await repos().verificationTokens.replace(token);
      const outcome = await repos().verificationTokens.attempt(
        guess(token, token.secretHash, atMinute(3)),
      );
      expect(outcome).toEqual({
        status: 'consumed',
        token: { ...token, attempts: 2, consumedAt: atMinute(3) },
      });
      if (outcome.status === 'consumed') expect(outcome.token.consumedAt).toBeInstanceOf(Date);
      expect(
        await repos().verificationTokens.attempt(guess(token, token.secretHash, atMinute(4))),
      ).toEqual({ status: 'unavailable' });
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toBeNull();
    });

    it('attempt with a wrong hash counts the guess and leaves the token live', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { attempts: 2 });
      await repos().verificationTokens.replace(token);
      const tokens = repos().verificationTokens;
      expect(await tokens.attempt(guess(token, randomHash(), atMinute(1)))).toEqual({
        status: 'mismatch',
      });
      expect(await tokens.findLatest(user.id, token.purpose)).toEqual({ ...token, attempts: 3 });
    });

    it('attempt past maxAttempts compares nothing, even the right hash', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);
      const tokens = repos().verificationTokens;
      for (let i = 0; i < 3; i += 1) {
        expect(await tokens.attempt(guess(token, randomHash(), atMinute(1), 3))).toEqual({
          status: 'mismatch',
        });
      }
      expect(await tokens.attempt(guess(token, token.secretHash, atMinute(1), 3))).toEqual({
        status: 'too_many_attempts',
      });
      expect(await tokens.findLatest(user.id, token.purpose)).toEqual({ ...token, attempts: 4 });
    });

    it('attempt on an unknown, expired or other token is unavailable and counts nothing', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { expiresAt: atMinute(15) });
      await repos().verificationTokens.replace(token);
      const tokens = repos().verificationTokens;
      const unknown = { ...token, id: crypto.randomUUID() };
      expect(await tokens.attempt(guess(unknown, token.secretHash, atMinute(1)))).toEqual({
        status: 'unavailable',
      });
      expect(await tokens.attempt(guess(token, token.secretHash, atMinute(15)))).toEqual({
        status: 'unavailable',
      });
      expect(await tokens.findLatest(user.id, token.purpose)).toEqual(token);
      const justInTime = new Date(atMinute(15).getTime() - 1);
      expect((await tokens.attempt(guess(token, token.secretHash, justInTime))).status).toBe(
        'consumed',
      );
    });

    it('consume spends the token with that purpose and hash, once', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;

      const consumed = await tokens.consume('password_reset', link.secretHash, atMinute(2));
      expect(consumed).toEqual({ ...link, consumedAt: atMinute(2) });
      expect(present(consumed).consumedAt).toBeInstanceOf(Date);
      expect(await tokens.consume('password_reset', link.secretHash, atMinute(3))).toBeNull();
      expect(await tokens.consume('password_reset', randomHash(), atMinute(3))).toBeNull();
    });

    it('consume with the wrong purpose returns null and leaves the token usable', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'email_verification', kind: 'link' });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;

      expect(await tokens.consume('password_reset', link.secretHash, atMinute(1))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, link.purpose)).toEqual(link);
      expect(
        await tokens.consume('email_verification', link.secretHash, atMinute(1)),
      ).not.toBeNull();
    });

    it('consume refuses an expired token (expiresAt must be after now) and leaves it', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { kind: 'link', expiresAt: atMinute(15) });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;
      expect(await tokens.consume(link.purpose, link.secretHash, atMinute(16))).toBeNull();
      expect(await tokens.consume(link.purpose, link.secretHash, atMinute(15))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, link.purpose)).toEqual(link);
      const justInTime = new Date(atMinute(15).getTime() - 1);
      expect(await tokens.consume(link.purpose, link.secretHash, justInTime)).toEqual({
        ...link,
        consumedAt: justInTime,
      });
    });

    it('deleteByUser removes that purpose’s tokens of that user only', async () => {
      const user = await givenUser(repos());
      const other = await givenUser(repos());
      const doomed = aVerificationToken(user.id, { purpose: 'password_reset' });
      const kept = aVerificationToken(user.id, { purpose: 'email_verification' });
      const foreign = aVerificationToken(other.id, { purpose: 'password_reset' });
      for (const token of [doomed, kept, foreign]) await repos().verificationTokens.replace(token);

      await repos().verificationTokens.deleteByUser(user.id, 'password_reset');
      expect(await repos().verificationTokens.findLatest(user.id, 'password_reset')).toBeNull();
      const tokens = repos().verificationTokens;
      expect(await tokens.consume('password_reset', doomed.secretHash, atMinute(1))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, 'email_verification')).toEqual(
        kept,
      );
      expect(await repos().verificationTokens.findLatest(other.id, 'password_reset')).toEqual(
        foreign,
      );
    });
  });
}

/** A guess at `token` with `secretHash`, allowing `maxAttempts` (5 unless given). */
function guess(
  token: VerificationTokenRecord,
  secretHash: string,
  now: Date,
  maxAttempts = 5,
): VerificationGuess {
  return { id: token.id, secretHash, maxAttempts, now };
}
