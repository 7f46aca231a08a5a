import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomId, randomToken, sha256Hex } from '../primitives/index.ts';
import type { SessionRecord } from '../repos.ts';
import { sessionExpiry } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import { signDeletionToken } from './deletion-token.ts';
import { ownsOrganization } from './ownership.ts';

export type RequestAccountDeletionDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer' | 'secondFactor',
  'users' | 'sessions' | 'verificationTokens' | 'organizations'
>;

/** The signed-in caller asking to delete their own account. */
export interface RequestAccountDeletionInput {
  readonly userId: string;
  /** The caller's session: its assurance level is checked where the user has MFA. */
  readonly sessionId: string;
  readonly context?: RequestContext | undefined;
}

/** Why a deletion request was refused. */
/**
 * `reauthentication_required`: the session is not a recent aal2 one where MFA is on (or not
 * the user's); `owns_organization`: the user owns an organization, which would be left
 * without an owner: transfer it first.
 */
export type RequestAccountDeletionFailureReason = 'reauthentication_required' | 'owns_organization';

export type RequestAccountDeletionResult =
  | { readonly ok: true; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: RequestAccountDeletionFailureReason };

/**
 * Whether the session proves a recent second factor: aal2, reached within
 * `accountDeletion.reauthWindow`. A session reaches aal2 when it is created after the
 * second factor, so its creation time is when. A step-up that raises a live session to
 * aal2 must record when it did (and this check read it), or create a new session.
 */
function recentSecondFactor(session: SessionRecord, windowSeconds: number, now: Date): boolean {
  return (
    session.aal === 'aal2' && now.getTime() - session.createdAt.getTime() <= windowSeconds * 1000
  );
}

/**
 * Starts the deletion of the caller's own account: mails an `account_deletion` message
 * with a single-use confirmation token (HMAC-signed claims; only the SHA-256 of its nonce
 * is stored; lifetime `accountDeletion.ttl`, 24 h by default). A newer request replaces
 * the older token. Where the user has an active second factor, the session must be aal2
 * from within `accountDeletion.reauthWindow`, else `reauthentication_required` (also for a
 * session that is not the user's or no longer live), and `owns_organization` while the user
 * owns an organization (its ownership must be transferred first). Nothing is deleted until
 * `confirmAccountDeletion`. Throws `InputError` for malformed ids.
 */
export async function requestAccountDeletion(
  deps: RequestAccountDeletionDeps,
  input: RequestAccountDeletionInput,
): Promise<RequestAccountDeletionResult> {
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('sessionId', input.sessionId);
  const now = deps.clock.now();
  const refused = { ok: false, reason: 'reauthentication_required' } as const;
  const [user, session] = await Promise.all([
    deps.repos.users.findById(userId),
    deps.repos.sessions.findById(sessionId),
  ]);
  if (!user || user.deletedAt || !session || session.userId !== userId) return refused;
  if (sessionExpiry(session, deps.config, now) !== null) return refused;
  const factors = (await deps.secondFactor?.activeFactors(userId)) ?? [];
  if (
    factors.length > 0 &&
    !recentSecondFactor(session, deps.config.accountDeletion.reauthWindow, now)
  )
    return refused;
  if (await ownsOrganization(deps, userId)) return { ok: false, reason: 'owns_organization' };

  const nonce = randomToken(deps.random, 256);
  const expiresAt = new Date(now.getTime() + deps.config.accountDeletion.ttl * 1000);
  await deps.repos.verificationTokens.replace({
    id: randomId(deps.random),
    userId,
    purpose: 'account_deletion',
    kind: 'link',
    secretHash: await sha256Hex(nonce),
    email: user.email,
    createdAt: now,
    expiresAt,
    attempts: 0,
    consumedAt: null,
  });
  const token = await signDeletionToken(deps.config.secret, {
    kind: 'confirm',
    userId,
    exp: Math.floor(expiresAt.getTime() / 1000),
    nonce,
  });
  await deps.mailer.send({ type: 'account_deletion', to: user.email, userId, token, expiresAt });
  await deps.events.emit(
    auditEvent({ type: 'account.deletion_requested', userId }, now, input.context),
  );
  return { ok: true, expiresAt };
}
