import * as v from 'valibot';
import type { DepsFor } from '../deps.ts';
import { noControlCharacters, parseIdentifier, parseInput } from '../validation.ts';
import type { PublicUser } from './public-user.ts';
import { toPublicUser } from './public-user.ts';

export type UserQueryDeps = DepsFor<never, 'users'>;

/** Which user to read. */
export interface GetUserInput {
  readonly userId: string;
}

/**
 * A user by id (soft-deleted users included, so admins can see them), or `null`. Throws
 * `InputError` for a malformed id.
 */
export async function getUser(
  deps: UserQueryDeps,
  input: GetUserInput,
): Promise<PublicUser | null> {
  const user = await deps.repos.users.findById(parseIdentifier('userId', input.userId));
  return user ? toPublicUser(user) : null;
}

const listUsersSchema = v.object({
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/))),
  emailContains: v.optional(v.pipe(v.string(), v.maxLength(254), noControlCharacters)),
  includeDeleted: v.optional(v.boolean(), false),
});

export type ListUsersInput = v.InferInput<typeof listUsersSchema>;

/** One page of `listUsers`. */
export interface PublicUserPage {
  readonly users: readonly PublicUser[];
  /** Pass as `cursor` for the next page; `null` on the last one. */
  readonly nextCursor: string | null;
}

/**
 * One page of users for an admin screen, with an optional case-insensitive email filter.
 * Throws `InputError` for a limit outside 1–100 or a malformed cursor or filter.
 */
export async function listUsers(
  deps: UserQueryDeps,
  input: ListUsersInput = {},
): Promise<PublicUserPage> {
  const query = parseInput(listUsersSchema, input);
  const page = await deps.repos.users.list({
    limit: query.limit,
    includeDeleted: query.includeDeleted,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.emailContains === undefined
      ? {}
      : { emailContains: query.emailContains.normalize('NFKC').toLowerCase() }),
  });
  return { users: page.users.map(toPublicUser), nextCursor: page.nextCursor };
}
