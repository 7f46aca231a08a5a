import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { revokeAllSessions } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { ModerationDeps } from './moderation.ts';
import type { PublicUser } from './public-user.ts';
import { toPublicUser } from './public-user.ts';

/**
 * Soft-deletes a user: sign-in behaves as for an unknown account, the user disappears from
 * listings, and every session and refresh token ends. The row stays for audit and undo.
 */
export async function softDeleteUser(
  deps: ModerationDeps,
  input: { readonly userId: string; readonly context?: RequestContext },
): Promise<PublicUser | null> {
  const now = deps.clock.now();
  const user = await deps.repos.users.update(parseIdentifier('userId', input.userId), {
    deletedAt: now,
    updatedAt: now,
  });
  if (!user) return null;
  await revokeAllSessions(deps, {
    userId: user.id,
    ...(input.context ? { context: input.context } : {}),
  });
  await deps.events.emit(
    auditEvent({ type: 'user.soft_deleted', userId: user.id }, now, input.context),
  );
  return toPublicUser(user);
}

/**
 * Deletes the user and, atomically in the repository, every session, refresh token and
 * verification token that belongs to it. Returns whether the user existed.
 */
export async function deleteUserPermanently(
  deps: DepsFor<'clock' | 'events', 'users'>,
  input: { readonly userId: string; readonly context?: RequestContext },
): Promise<boolean> {
  const userId = parseIdentifier('userId', input.userId);
  const deleted = await deps.repos.users.delete(userId);
  if (deleted) {
    await deps.events.emit(
      auditEvent({ type: 'user.deleted', userId }, deps.clock.now(), input.context),
    );
  }
  return deleted;
}
