import type { SignInResult } from '../credentials/index.ts';
import { dropUnprovenCredentials, issueMfaChallenge } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserRecord } from '../repos.ts';
import { createSession, revokeAllSessions } from '../sessions/index.ts';
import { toPublicUser } from '../users/index.ts';

export type FinishSignInDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'secondFactor',
  | 'users'
  | 'sessions'
  | 'refreshTokens'
  | 'verificationTokens'
  | 'oauthAccounts'
  | 'apiKeys'
  | 'mfa'
>;

/** A passwordless sign-in that worked: a session, or the second factor still owed. */
export type PasswordlessSignIn = Extract<SignInResult, { readonly ok: true }>;

/**
 * Signs in a user who has just proved control of their address (a magic link or an emailed
 * code), or returns `null` when the account can no longer sign in (banned or deleted in the
 * meantime: the repository refused the session).
 *
 * An account that was never verified is confirmed first, and whatever password it had is
 * removed, every session ended and every provider identity unlinked: those belonged to whoever
 * created the account, who never proved the address (pre-account hijacking, see
 * docs/architecture.md "Pending sign-ups are their own repository"). A user with an active
 * second factor gets the same `mfa_required` challenge as a password sign-in.
 */
export async function finishPasswordlessSignIn(
  deps: FinishSignInDeps,
  proven: UserRecord,
  context: RequestContext | undefined,
): Promise<PasswordlessSignIn | null> {
  const now = deps.clock.now();
  const user = proven.emailVerifiedAt ? proven : await confirmAddress(deps, proven, now, context);
  if (user === null) return null;
  const factors = deps.secondFactor ? await deps.secondFactor.activeFactors(user.id) : [];
  if (factors.length > 0) {
    const challenge = await issueMfaChallenge(deps, user.id);
    await deps.events.emit(
      auditEvent({ type: 'user.mfa_required', userId: user.id, factors }, now, context),
    );
    return { ok: true, status: 'mfa_required', userId: user.id, factors, ...challenge };
  }
  const created = await createSession(deps, { userId: user.id, aal: 'aal1', context });
  if (!created) return null;
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId: user.id, sessionId: created.session.id, aal: 'aal1' },
      now,
      context,
    ),
  );
  return { ok: true, status: 'signed_in', user: toPublicUser(user), ...created };
}

async function confirmAddress(
  deps: FinishSignInDeps,
  user: UserRecord,
  now: Date,
  context: RequestContext | undefined,
): Promise<UserRecord | null> {
  const confirmed = await deps.repos.users.update(user.id, {
    emailVerifiedAt: now,
    passwordHash: null,
    updatedAt: now,
  });
  if (confirmed === null) return null;
  await revokeAllSessions(deps, { userId: user.id, context });
  // As for the password: identities, API keys and factors added before the proof are the
  // maker's.
  await dropUnprovenCredentials(deps, user.id);
  await deps.events.emit(auditEvent({ type: 'email.verified', userId: user.id }, now, context));
  return confirmed;
}
