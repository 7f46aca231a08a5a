import type { Repositories, UserRecord } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { atMinute, aVerificationToken } from './builders.ts';
import { givenRefreshToken, givenSession, givenUser } from './fixtures.ts';
import type { ReposAccessor } from './subject.ts';

/** A user with two sessions, a refresh token in each family and two verification tokens. */
async function givenUserWithRows(repos: Repositories) {
  const user = await givenUser(repos);
  const sessions = [await givenSession(repos, user.id), await givenSession(repos, user.id)];
  const refreshTokens = [];
  for (const session of sessions) refreshTokens.push(await givenRefreshToken(repos, session));
  const verificationTokens = [
    aVerificationToken(user.id, { purpose: 'email_verification' }),
    aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' }),
  ];
  for (const token of verificationTokens) await repos.verificationTokens.replace(token);
  return { user, sessions, refreshTokens, verificationTokens };
}

type UserWithRows = Awaited<ReturnType<typeof givenUserWithRows>>;

/** Asserts whether every row of the fixture is still stored. */
async function expectRowsStored(repos: Repositories, rows: UserWithRows, stored: boolean) {
  const { user, sessions, refreshTokens, verificationTokens } = rows;
  const expectUser = (found: UserRecord | null) =>
    stored ? expect(found).toEqual(user) : expect(found).toBeNull();
  expectUser(await repos.users.findById(user.id));
  expectUser(await repos.users.findByEmailKey(user.emailKey));
  for (const session of sessions) {
    expect(await repos.sessions.findById(session.id)).toEqual(stored ? session : null);
  }
  expect(await repos.sessions.listByUser(user.id)).toHaveLength(stored ? sessions.length : 0);
  for (const token of refreshTokens) {
    expect(await repos.refreshTokens.findByHash(token.tokenHash)).toEqual(stored ? token : null);
  }
  for (const token of verificationTokens) {
    expect(await repos.verificationTokens.findLatest(user.id, token.purpose)).toEqual(
      stored ? token : null,
    );
  }
}

/** `UserRepo.delete`: permanent removal cascading to exactly that user's rows. */
export function describeUserDeleteContract(repos: ReposAccessor): void {
  describe('users.delete', () => {
    it('removes the user and every session and token of that user, and only those', async () => {
      const doomed = await givenUserWithRows(repos());
      const bystander = await givenUserWithRows(repos());

      expect(await repos().users.delete(doomed.user.id)).toBe('deleted');

      await expectRowsStored(repos(), doomed, false);
      await expectRowsStored(repos(), bystander, true);
    });

    it('removes expired tokens too, so a user re-created with the same id inherits none', async () => {
      const user = await givenUser(repos());
      const consumed = aVerificationToken(user.id, { purpose: 'password_reset' });
      await repos().verificationTokens.replace(consumed);
      expect(
        await repos().verificationTokens.consume(
          consumed.purpose,
          consumed.secretHash,
          atMinute(1),
        ),
      ).not.toBeNull();
      const expired = aVerificationToken(user.id, { expiresAt: atMinute(1) });
      await repos().verificationTokens.replace(expired);

      expect(await repos().users.delete(user.id)).toBe('deleted');
      // A re-created user with the same id must not inherit the old tokens.
      await repos().users.create(user);
      expect(await repos().verificationTokens.findLatest(user.id, 'email_verification')).toBeNull();
      expect(await repos().verificationTokens.findLatest(user.id, 'password_reset')).toBeNull();
    });

    it('frees the email key for a new user', async () => {
      const user = await givenUser(repos());
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(await repos().users.create({ ...user, id: crypto.randomUUID() })).not.toBeNull();
    });

    it('returns false for an unknown or already deleted user', async () => {
      const user = await givenUser(repos());
      expect(await repos().users.delete(user.id)).toBe('deleted');
      expect(await repos().users.delete(user.id)).toBe('missing');
      expect(await repos().users.delete(crypto.randomUUID())).toBe('missing');
    });
  });
}
