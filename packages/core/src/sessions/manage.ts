import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { SessionRecord } from '../repos.ts';
import { parseIdentifier, requireString } from '../validation.ts';
import type { SessionInfo } from './info.ts';
import { toSessionInfo } from './info.ts';
import { sessionExpiry } from './lifetime.ts';
import { parseSessionToken } from './token.ts';
import { findPresentedSession } from './validate.ts';

export type ListSessionsDeps = DepsFor<'config' | 'clock', 'sessions'>;

/** Whose sessions to list. */
export interface ListSessionsInput {
  readonly userId: string;
}

/**
 * The user's live sessions, newest first (expired ones are left out). Throws `InputError`
 * for a malformed id.
 */
export async function listSessions(
  deps: ListSessionsDeps,
  input: ListSessionsInput,
): Promise<readonly SessionInfo[]> {
  const now = deps.clock.now();
  const sessions = await deps.repos.sessions.listByUser(parseIdentifier('userId', input.userId));
  return sessions
    .filter((session) => sessionExpiry(session, deps.config, now) === null)
    .map((session) => toSessionInfo(session, deps.config));
}

export type RevokeSessionDeps = DepsFor<'clock' | 'events', 'sessions'>;

export interface RevokeSessionInput {
  /** The user asking. A session of another user is treated as not found. */
  readonly userId: string;
  readonly sessionId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Ends one session (sign-out, or "log out that device") and revokes its refresh-token
 * family. Returns `false` when the session does not exist or belongs to someone else, so
 * a user cannot probe or end other users' sessions. Throws `InputError` for a malformed id.
 */
export async function revokeSession(
  deps: RevokeSessionDeps,
  input: RevokeSessionInput,
): Promise<boolean> {
  const userId = parseIdentifier('userId', input.userId);
  const session = await deps.repos.sessions.findById(parseIdentifier('sessionId', input.sessionId));
  if (!session || session.userId !== userId) return false;
  return endSession(deps, session, input.context);
}

/** Ends the session with its refresh family (one repository step); records `session.revoked`. */
async function endSession(
  deps: RevokeSessionDeps,
  session: SessionRecord,
  context: RequestContext | undefined,
): Promise<boolean> {
  const now = deps.clock.now();
  const ended = await deps.repos.sessions.end(session.id, now);
  if (ended) {
    await deps.events.emit(
      auditEvent(
        { type: 'session.revoked', userId: session.userId, sessionId: session.id },
        now,
        context,
      ),
    );
  }
  return ended;
}

export interface RevokeSessionByTokenInput {
  /** The session token as the client presented it (e.g. a cookie it still holds). */
  readonly sessionToken: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Ends the session a presented token names, whoever it belongs to, when the token is
 * genuine: one lookup, no use recorded. A forged secret or a malformed token ends
 * nothing. Used when a browser signs in again while still holding an older session
 * cookie, so the previous account is not left signed in behind the new one. Throws
 * `InputError` only for a non-string.
 */
export async function revokeSessionByToken(
  deps: RevokeSessionDeps,
  input: RevokeSessionByTokenInput,
): Promise<boolean> {
  const parsed = parseSessionToken(requireString('sessionToken', input.sessionToken));
  if (!parsed) return false;
  const session = await findPresentedSession(deps, parsed);
  return session ? endSession(deps, session, input.context) : false;
}

export interface RevokeAllSessionsInput {
  readonly userId: string;
  /** Keep this session (the caller's own), e.g. after a password change. */
  readonly exceptSessionId?: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Ends every session of the user (optionally but the current one) and revokes their
 * refresh tokens, in one repository step. Returns how many sessions were ended. Throws `InputError` for a
 * malformed id.
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
  const count = await deps.repos.sessions.endByUser(userId, now, keep);
  await deps.events.emit(
    auditEvent(
      { type: 'session.revoked_all', userId, count, exceptSessionId: keep ?? null },
      now,
      input.context,
    ),
  );
  return count;
}
