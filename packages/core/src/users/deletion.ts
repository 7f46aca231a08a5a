import type { DepsFor } from '../deps.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { LockOutDeps } from './lock-out.ts';
import { lockOut } from './lock-out.ts';
import type { UserActionInput } from './moderation.ts';
import type { PublicUser } from './public-user.ts';

/**
 * Soft-deletes a user: sign-in behaves as for an unknown account, the user disappears from
 * listings, and every session and refresh token ends. The row stays for audit and undo.
 */
export async function softDeleteUser(
  deps: LockOutDeps,
  input: UserActionInput,
): Promise<PublicUser | null> {
  const userId = parseIdentifier('userId', input.userId);
  return lockOut(
    deps,
    userId,
    (now) => ({ deletedAt: now, updatedAt: now }),
    { type: 'user.soft_deleted', userId },
    input.context,
  );
}

/**
 * What `deleteUserPermanently` did: `deleted` tells whether the user existed. Refused
 * (`owns_organization`), deleting nothing, while the user owns an organization.
 */
export type DeleteUserResult =
  | { readonly ok: true; readonly deleted: boolean }
  | { readonly ok: false; readonly reason: 'owns_organization' };

/**
 * Deletes the user and, atomically in the repository, every session, refresh token and
 * verification token that belongs to it. Refused by storage, in the same step, while the
 * user owns an organization: it would name a missing owner. Does not run data-subject
 * hooks (`eraseAccount` does).
 */
export async function deleteUserPermanently(
  deps: DepsFor<'clock' | 'events', 'users'>,
  input: UserActionInput,
): Promise<DeleteUserResult> {
  const userId = parseIdentifier('userId', input.userId);
  const outcome = await deps.repos.users.delete(userId);
  if (outcome === 'owns_organization') return { ok: false, reason: 'owns_organization' };
  if (outcome === 'deleted') {
    await deps.events.emit(
      auditEvent({ type: 'user.deleted', userId }, deps.clock.now(), input.context),
    );
  }
  return { ok: true, deleted: outcome === 'deleted' };
}
