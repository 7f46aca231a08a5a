import { listAuditEvents } from '../audit/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { AuditLogRecord } from '../repos.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { listSessions } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { PublicUser } from './public-user.ts';
import type { ListUsersInput, PublicUserPage } from './queries.ts';
import { getUser, listUsers } from './queries.ts';

export type AdminReadDeps = DepsFor<
  'config' | 'clock' | 'events',
  'users' | 'sessions' | 'auditLog'
>;

/** How many recent audit events `inspectUser` returns. */
const RECENT_EVENTS = 20;

/** An operator's search: `listUsers`' filters plus who searched. */
export interface SearchUsersInput extends ListUsersInput {
  /** The operator (recorded as the event's `actorId`). */
  readonly actorId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * `listUsers` for an operator, recorded as `admin.users_searched` with the operator as
 * `actorId` and how many users the page showed (not the query: it may be an address).
 * Throws `InputError` like `listUsers`, and for a malformed `actorId`.
 */
export async function searchUsers(
  deps: AdminReadDeps,
  input: SearchUsersInput,
): Promise<PublicUserPage> {
  const { actorId, context, ...query } = input;
  const actor = parseIdentifier('actorId', actorId);
  const page = await listUsers(deps, query);
  await deps.events.emit(
    auditEvent(
      { type: 'admin.users_searched', userId: null, resultCount: page.users.length },
      deps.clock.now(),
      { ...context, actorId: actor },
    ),
  );
  return page;
}

/** Whom an operator looks at. */
export interface InspectUserInput {
  readonly userId: string;
  /** The operator (recorded as the event's `actorId`). */
  readonly actorId: string;
  readonly context?: RequestContext | undefined;
}

/** What an operator sees of one user. */
export interface UserInspection {
  readonly user: PublicUser;
  readonly sessions: readonly SessionInfo[];
  /** The 20 newest audit events about the user. */
  readonly recentEvents: readonly AuditLogRecord[];
}

/**
 * The account, its live sessions and its 20 newest audit events, for an operator; recorded
 * as `admin.user_viewed` on the user's trail with the operator as `actorId` (after the
 * events are read, so the view does not list itself). `null`, recording nothing, when
 * there is no such user. Throws `InputError` for a malformed id.
 */
export async function inspectUser(
  deps: AdminReadDeps,
  input: InspectUserInput,
): Promise<UserInspection | null> {
  const userId = parseIdentifier('userId', input.userId);
  const actorId = parseIdentifier('actorId', input.actorId);
  const user = await getUser(deps, { userId });
  if (!user) return null;
  const [sessions, events] = await Promise.all([
    listSessions(deps, { userId }),
    listAuditEvents(deps, { userId, limit: RECENT_EVENTS }),
  ]);
  await deps.events.emit(
    auditEvent({ type: 'admin.user_viewed', userId }, deps.clock.now(), {
      ...input.context,
      actorId,
    }),
  );
  return { user, sessions, recentEvents: events.entries };
}
