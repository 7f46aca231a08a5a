import type { DepsFor } from '../deps.ts';
import type { EventDraft, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserPatch } from '../repos.ts';
import { revokeAllSessions } from '../sessions/index.ts';
import type { PublicUser } from './public-user.ts';
import { toPublicUser } from './public-user.ts';

export type LockOutDeps = DepsFor<'clock' | 'events', 'users' | 'sessions'>;

/**
 * Applies a patch that bars the user from signing in (ban, soft delete), then ends every
 * session and refresh token at once — a barred user must not keep a live session — and
 * records the event. Returns the updated user, or `null` if there is none.
 */
export async function lockOut(
  deps: LockOutDeps,
  userId: string,
  patch: (now: Date) => UserPatch,
  event: EventDraft,
  context: RequestContext | undefined,
): Promise<PublicUser | null> {
  const now = deps.clock.now();
  const user = await deps.repos.users.update(userId, patch(now));
  if (!user) return null;
  await revokeAllSessions(deps, { userId: user.id, context });
  await deps.events.emit(auditEvent(event, now, context));
  return toPublicUser(user);
}
