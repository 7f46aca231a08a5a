import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent, cleanContext } from '../events/index.ts';
import { sha256Hex } from '../primitives/index.ts';
import type { AssuranceLevel, SessionRecord } from '../repos.ts';
import type { SessionInfo } from './info.ts';
import { toSessionInfo } from './info.ts';
import { newSessionToken } from './token.ts';

export type CreateSessionDeps = DepsFor<'config' | 'clock' | 'random' | 'events', 'sessions'>;

export interface CreateSessionInput {
  readonly userId: string;
  readonly aal: AssuranceLevel;
  /**
   * The password hash the caller just verified. The session is created only if it is still
   * the user's, so a password reset or change racing this sign-in cannot leave a session
   * made with the old password.
   */
  readonly passwordHash?: string | null | undefined;
  readonly context?: RequestContext | undefined;
}

/** A new session and the token to hand to the client (shown once; only its hash is kept). */
export interface CreatedSession {
  readonly session: SessionInfo;
  readonly sessionToken: string;
}

/**
 * Starts a session for a user who has just authenticated. Callers are sign-in flows; an
 * app calls it directly only for its own authentication methods.
 *
 * Returns `null` when the user is banned, soft-deleted or gone, or when `passwordHash` is
 * given and no longer the user's. The repository checks that in the same step as the insert, so a sign-in racing a ban cannot leave a session behind
 * once `banUser` has returned.
 */
export async function createSession(
  deps: CreateSessionDeps,
  input: CreateSessionInput,
): Promise<CreatedSession | null> {
  const now = deps.clock.now();
  const { id, secret, token } = newSessionToken(deps.random);
  const record: SessionRecord = {
    id,
    userId: input.userId,
    secretHash: await sha256Hex(secret),
    aal: input.aal,
    ...cleanContext(input.context),
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + deps.config.session.absoluteTtl * 1000),
  };
  const precondition =
    input.passwordHash === undefined ? undefined : { passwordHash: input.passwordHash };
  if (!(await deps.repos.sessions.create(record, precondition))) return null;
  await deps.events.emit(
    auditEvent(
      { type: 'session.created', userId: input.userId, sessionId: id },
      now,
      input.context,
    ),
  );
  return { session: toSessionInfo(record, deps.config), sessionToken: token };
}
