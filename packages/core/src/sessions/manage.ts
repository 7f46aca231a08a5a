import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { SessionInfo } from './info.ts';
import { toSessionInfo } from './info.ts';
import { sessionExpiry } from './lifetime.ts';

export type ListSessionsDeps = DepsFor<'config' | 'clock', 'sessions'>;

/** The user's live sessions, newest first (expired ones are left out). */
export async function listSessions(
  deps: ListSessionsDeps,
  userId: string,
): Promise<readonly SessionInfo[]> {
  const now = deps.clock.now();
  const sessions = await deps.repos.sessions.listByUser(parseIdentifier('userId', userId));
  return sessions
    .filter((session) => sessionExpiry(session, deps.config, now) === null)
    .map((session) => toSessionInfo(session, deps.config));
}

export type RevokeSessionDeps = DepsFor<'clock' | 'events', 'sessions' | 'refreshTokens'>;

export interface RevokeSessionInput {
  /** The user asking. A session of another user is treated as not found. */
  readonly userId: string;
  readonly sessionId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Ends one session (sign-out, or "log out that device") and revokes its refresh-token
 * family. Returns `false` when the session does not exist or belongs to someone else, so
 * a user cannot probe or end other users' sessions.
 */
export async function revokeSession(
  deps: RevokeSessionDeps,
  input: RevokeSessionInput,
): Promise<boolean> {
  const userId = parseIdentifier('userId', input.userId);
  const session = await deps.repos.sessions.findById(parseIdentifier('sessionId', input.sessionId));
  if (!session || session.userId !== userId) return false;
  const now = deps.clock.now();
  await deps.repos.refreshTokens.revokeFamily(session.id, now);
  const deleted = await deps.repos.sessions.delete(session.id);
  if (deleted) {
    await deps.events.emit(
      auditEvent({ type: 'session.revoked', userId, sessionId: session.id }, now, input.context),
    );
  }
  return deleted;
}

export interface RevokeAllSessionsInput {
  readonly userId: string;
  /** Keep this session (the caller's own), e.g. after a password change. */
  readonly exceptSessionId?: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Ends every session of the user (optionally but the current one) and revokes their
 * refresh tokens. Returns how many sessions were ended.
 */
export async function revokeAllSessions(
  deps: RevokeSessionDeps,
  input: RevokeAllSessionsInput,
): Promise<number> {
  const userId = parseIdentifier('userId', input.userId);
  const keep =
    input.exceptSessionId === undefined
      ? undefined
      : parseIdentifier('exceptSessionId', input.exceptSessionId);
  const now = deps.clock.now();
  await deps.repos.refreshTokens.revokeByUser(userId, now, keep);
  const count = await deps.repos.sessions.deleteByUser(userId, keep);
  await deps.events.emit(
    auditEvent(
      { type: 'session.revoked_all', userId, count, exceptSessionId: keep ?? null },
      now,
      input.context,
    ),
  );
  return count;
}
