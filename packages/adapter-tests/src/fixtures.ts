/**
 * Store-backed fixture helpers shared by the contract files. Each one writes through the
 * public repository API and checks the write took, so a failing precondition reports
 * itself instead of surfacing as a confusing later assertion.
 */
import type { RefreshTokenRecord, Repositories, SessionRecord, UserRecord } from '@portcullis/core';
import { expect } from 'vitest';
import type { RefreshTokenOwner } from './builders.ts';
import { aRefreshToken, aSession, aUser } from './builders.ts';

/** Stores a fresh user (see {@link aUser}) and returns it. */
export async function givenUser(
  repos: Repositories,
  overrides: Partial<UserRecord> = {},
): Promise<UserRecord> {
  const user = aUser(overrides);
  expect(await repos.users.create(user)).toEqual(user);
  return user;
}

/** Stores a fresh session of `userId` and returns it. */
export async function givenSession(
  repos: Repositories,
  userId: string,
  overrides: Partial<SessionRecord> = {},
): Promise<SessionRecord> {
  const session = aSession(userId, overrides);
  expect(await repos.sessions.create(session)).toBe(true);
  return session;
}

/** Stores a fresh refresh token in `session`'s family and returns it. */
export async function givenRefreshToken(
  repos: Repositories,
  session: SessionRecord,
  overrides: Partial<RefreshTokenRecord> = {},
): Promise<RefreshTokenRecord> {
  const token = aRefreshToken({ sessionId: session.id, userId: session.userId }, overrides);
  expect(await repos.refreshTokens.create(token)).toBe(true);
  return token;
}

/**
 * A stored user, one of its sessions, and a live refresh token of that family; `owner`
 * builds more tokens of the same family with {@link aRefreshToken}.
 */
export async function givenFamily(repos: Repositories): Promise<{
  user: UserRecord;
  session: SessionRecord;
  owner: RefreshTokenOwner;
  token: RefreshTokenRecord;
}> {
  const user = await givenUser(repos);
  const session = await givenSession(repos, user.id);
  const token = await givenRefreshToken(repos, session);
  return { user, session, owner: { sessionId: session.id, userId: user.id }, token };
}

/** A writable view of a returned record, to prove that mutating it leaves the store alone. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Asserts `value` is not null/undefined and narrows it. */
export function present<T>(value: T | null | undefined): T {
  expect(value).not.toBeNull();
  expect(value).toBeDefined();
  return value as T;
}
