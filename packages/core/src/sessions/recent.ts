import type { DepsFor } from '../deps.ts';
import type { SessionRecord } from '../repos.ts';

export type RecentSignInDeps = DepsFor<'clock', 'sessions'>;

/**
 * The session `sessionId` if it belongs to `userId`, has not expired, and began at most
 * `maxAge` seconds ago; else `null`. A session keeps its creation time across refreshes,
 * so this is "the user typed a credential recently", which a stolen cookie or token that
 * is older cannot claim.
 */
export async function recentSessionOf(
  deps: RecentSignInDeps,
  userId: string,
  sessionId: string,
  maxAge: number,
): Promise<SessionRecord | null> {
  const session = await deps.repos.sessions.findById(sessionId);
  const now = deps.clock.now().getTime();
  if (session === null || session.userId !== userId) return null;
  if (session.expiresAt.getTime() <= now) return null;
  return now - session.createdAt.getTime() <= maxAge * 1000 ? session : null;
}
