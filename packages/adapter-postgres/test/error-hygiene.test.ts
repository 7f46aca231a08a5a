import { inspect } from 'node:util';
import { aUser, givenFamily } from '@portcullis/adapter-tests';
import { StorageError } from '@portcullis/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlSubject } from './subjects.ts';
import { OPEN_TIMEOUT_MS, subjects } from './subjects.ts';

/**
 * Errors leave the adapter without the statement's values: a printed StorageError (as an
 * app's error logger prints it, cause included) shows no email, hash or token.
 */
describe.each(subjects)('error hygiene on $name', ({ open }) => {
  let subject: SqlSubject;
  beforeAll(async () => {
    subject = await open();
  }, OPEN_TIMEOUT_MS);
  afterAll(() => subject.close());

  it('a duplicate key names the constraint, not the key or any parameter', async () => {
    const { repos } = subject;
    const user = aUser();
    await repos.users.create(user);
    const failure = await repos.users
      .create(aUser({ id: user.id }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    const printed = inspect(failure, { depth: 5 });
    expect(printed).toContain('23505');
    for (const secret of [user.id, user.passwordHash ?? '', user.emailKey]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('a refresh token with a repeated hash names the constraint, not the hash', async () => {
    const { token, session } = await givenFamily(subject.repos);
    const again = { ...token, createdAt: new Date(token.createdAt.getTime() + 1) };
    const failure = await subject.repos.refreshTokens
      .create(again)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    const printed = inspect(failure, { depth: 5 });
    expect(printed).toContain('23505');
    expect(printed).not.toContain(token.tokenHash);
    expect(printed).not.toContain(session.id);
  });
});
