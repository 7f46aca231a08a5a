import * as v from 'valibot';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserMetadata } from '../repos.ts';
import { noControlCharacters, parseIdentifier, parseInput } from '../validation.ts';
import type { LockOutDeps } from './lock-out.ts';
import { lockOut } from './lock-out.ts';
import { parseMetadata } from './metadata.ts';
import type { PublicUser } from './public-user.ts';
import { toPublicUser } from './public-user.ts';

/** What ban and unban need. */
export type ModerationDeps = LockOutDeps;

const banReason = v.optional(v.pipe(v.string(), v.maxLength(500), noControlCharacters));

/** Whom to ban, and why (for admins; never shown to the user). */
export interface BanUserInput {
  readonly userId: string;
  /** At most 500 characters, no control characters. */
  readonly reason?: string;
  readonly context?: RequestContext | undefined;
}

/** The user an admin action is about. */
export interface UserActionInput {
  readonly userId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Bans a user: sign-in is refused from now on and every session and refresh token ends
 * at once. Returns the updated user, or `null` if there is none.
 */
export async function banUser(
  deps: ModerationDeps,
  input: BanUserInput,
): Promise<PublicUser | null> {
  const userId = parseIdentifier('userId', input.userId);
  const reason = parseInput(banReason, input.reason) ?? null;
  return lockOut(
    deps,
    userId,
    (now) => ({ bannedAt: now, banReason: reason, updatedAt: now }),
    { type: 'user.banned', userId, reason },
    input.context,
  );
}

/** Lifts a ban. Returns the updated user, or `null` if there is none. */
export async function unbanUser(
  deps: DepsFor<'clock' | 'events', 'users'>,
  input: UserActionInput,
): Promise<PublicUser | null> {
  const userId = parseIdentifier('userId', input.userId);
  const now = deps.clock.now();
  const user = await deps.repos.users.update(userId, {
    bannedAt: null,
    banReason: null,
    updatedAt: now,
  });
  if (!user) return null;
  await deps.events.emit(
    auditEvent({ type: 'user.unbanned', userId: user.id }, now, input.context),
  );
  return toPublicUser(user);
}

/** Whose metadata, and its new value (a JSON object, ≤ 16 KiB). */
export interface SetUserMetadataInput {
  readonly userId: string;
  readonly metadata: UserMetadata;
  readonly context?: RequestContext | undefined;
}

/**
 * Replaces the user's application metadata. Only metadata can be set this way: identity
 * and security fields (email, password, ban, verification) have their own flows, so a
 * request body passed straight through cannot mass-assign them. Throws `InputError` for a
 * malformed id or metadata that is not a plain JSON object within the limits.
 */
export async function setUserMetadata(
  deps: DepsFor<'clock' | 'events', 'users'>,
  input: SetUserMetadataInput,
): Promise<PublicUser | null> {
  const userId = parseIdentifier('userId', input.userId);
  const metadata = parseMetadata(input.metadata);
  const now = deps.clock.now();
  const user = await deps.repos.users.update(userId, { metadata, updatedAt: now });
  if (!user) return null;
  await deps.events.emit(
    auditEvent({ type: 'user.metadata_updated', userId: user.id }, now, input.context),
  );
  return toPublicUser(user);
}
