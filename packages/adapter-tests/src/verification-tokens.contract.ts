import { describe, expect, it } from 'vitest';
import { atMinute, aVerificationToken, randomHash } from './builders.ts';
import { givenUser, present, type Writable } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** `VerificationTokenRepo`: replace-on-resend, attempts, single use by id and by hash. */
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
      expect(await repos().verificationTokens.recordAttempt(old.id)).toBeNull();
      expect(await repos().verificationTokens.consume(old.id, atMinute(2))).toBeNull();
      const tokens = repos().verificationTokens;
      expect(await tokens.consumeByHash('password_reset', old.secretHash, atMinute(2))).toBeNull();
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
      await repos().verificationTokens.consume(token.id, atMinute(1));
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toBeNull();

      const next = aVerificationToken(user.id, { createdAt: atMinute(2), expiresAt: atMinute(17) });
      await repos().verificationTokens.replace(next);
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toEqual(next);
    });

    it('recordAttempt increments and returns the new count', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { attempts: 2 });
      await repos().verificationTokens.replace(token);
      expect(await repos().verificationTokens.recordAttempt(token.id)).toBe(3);
      expect(await repos().verificationTokens.recordAttempt(token.id)).toBe(4);
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toEqual({
        ...token,
        attempts: 4,
      });
    });

    it('recordAttempt returns null for a consumed or unknown token', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id);
      await repos().verificationTokens.replace(token);
      await repos().verificationTokens.consume(token.id, atMinute(1));
      expect(await repos().verificationTokens.recordAttempt(token.id)).toBeNull();
      expect(await repos().verificationTokens.recordAttempt(crypto.randomUUID())).toBeNull();
    });

    it('consume returns the row marked consumed at now, once', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { attempts: 1 });
      await repos().verificationTokens.replace(token);
      const consumed = await repos().verificationTokens.consume(token.id, atMinute(3));
      expect(consumed).toEqual({ ...token, consumedAt: atMinute(3) });
      expect(present(consumed).consumedAt).toBeInstanceOf(Date);
      expect(await repos().verificationTokens.consume(token.id, atMinute(4))).toBeNull();
      expect(await repos().verificationTokens.consume(crypto.randomUUID(), atMinute(4))).toBeNull();
    });

    it('consume refuses an expired token (expiresAt must be after now) and leaves it', async () => {
      const user = await givenUser(repos());
      const token = aVerificationToken(user.id, { expiresAt: atMinute(15) });
      await repos().verificationTokens.replace(token);
      expect(await repos().verificationTokens.consume(token.id, atMinute(16))).toBeNull();
      expect(await repos().verificationTokens.consume(token.id, atMinute(15))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, token.purpose)).toEqual(token);
      const justInTime = new Date(atMinute(15).getTime() - 1);
      expect(await repos().verificationTokens.consume(token.id, justInTime)).toEqual({
        ...token,
        consumedAt: justInTime,
      });
    });

    it('consumeByHash consumes the link with that purpose and hash, once', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;

      expect(await tokens.consumeByHash('password_reset', link.secretHash, atMinute(2))).toEqual({
        ...link,
        consumedAt: atMinute(2),
      });
      expect(await tokens.consumeByHash('password_reset', link.secretHash, atMinute(3))).toBeNull();
      expect(await tokens.consumeByHash('password_reset', randomHash(), atMinute(3))).toBeNull();
    });

    it('consumeByHash with the wrong purpose returns null and leaves the token usable', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { purpose: 'email_verification', kind: 'link' });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;

      expect(await tokens.consumeByHash('password_reset', link.secretHash, atMinute(1))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, link.purpose)).toEqual(link);
      expect(
        await tokens.consumeByHash('email_verification', link.secretHash, atMinute(1)),
      ).not.toBeNull();
    });

    it('consumeByHash refuses an expired link and leaves it', async () => {
      const user = await givenUser(repos());
      const link = aVerificationToken(user.id, { kind: 'link', expiresAt: atMinute(15) });
      await repos().verificationTokens.replace(link);
      const tokens = repos().verificationTokens;
      expect(await tokens.consumeByHash(link.purpose, link.secretHash, atMinute(15))).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, link.purpose)).toEqual(link);
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
      expect(await repos().verificationTokens.recordAttempt(doomed.id)).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, 'email_verification')).toEqual(
        kept,
      );
      expect(await repos().verificationTokens.findLatest(other.id, 'password_reset')).toEqual(
        foreign,
      );
    });
  });
}
