import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PendingSignUpRecord } from '../repos.ts';
import { revokeAllSessions } from '../sessions/index.ts';
import { newUserRecord } from '../users/index.ts';
import { dropUnprovenCredentials } from './unproven-credentials.ts';

export type ActivateSignUpDeps = DepsFor<
  'clock' | 'random' | 'events',
  'users' | 'sessions' | 'refreshTokens' | 'pendingSignUps' | 'oauthAccounts' | 'apiKeys' | 'mfa'
>;

/**
 * Turns a redeemed pending sign-up into a confirmed account and returns its id, or `null`
 * when the sign-up is stale (the address was confirmed by another sign-up meanwhile, or
 * the account is banned or deleted).
 *
 * - No account yet: it is created, verified, with exactly this sign-up's password.
 * - An account that was never verified (made while verification was optional, or before
 *   pending sign-ups existed): its address is confirmed and, when this sign-up carried a
 *   password, the password replaced — compare-and-set, so a confirmed address is never
 *   overwritten. Every session and refresh token it had ends, and every provider
 *   identity linked to it is removed: whoever held them never proved the address.
 *
 * The address's other pending sign-ups are deleted: none of them can win any more.
 */
export async function activateSignUp(
  deps: ActivateSignUpDeps,
  pending: PendingSignUpRecord,
  context: RequestContext | undefined,
): Promise<string | null> {
  const now = deps.clock.now();
  const userId =
    (await createAccount(deps, pending, now, context)) ??
    (await confirmExisting(deps, pending, now, context));
  if (userId !== null) await deps.repos.pendingSignUps.deleteByEmailKey(pending.emailKey);
  return userId;
}

async function createAccount(
  deps: ActivateSignUpDeps,
  pending: PendingSignUpRecord,
  now: Date,
  context: RequestContext | undefined,
): Promise<string | null> {
  if (pending.passwordHash === null) return null;
  const { email, emailKey, passwordHash, metadata } = pending;
  const created = await deps.repos.users.create(
    newUserRecord(deps, { email, emailKey, emailVerifiedAt: now, passwordHash, metadata }, now),
  );
  if (!created) return null;
  await deps.events.emit(auditEvent({ type: 'user.signed_up', userId: created.id }, now, context));
  return created.id;
}

async function confirmExisting(
  deps: ActivateSignUpDeps,
  pending: PendingSignUpRecord,
  now: Date,
  context: RequestContext | undefined,
): Promise<string | null> {
  const existing = await deps.repos.users.findByEmailKey(pending.emailKey);
  if (!existing || existing.bannedAt) return null;
  // A resend proves only the address it went to, which may have changed since.
  if (pending.passwordHash === null && existing.email !== pending.email) return null;
  const confirmed = await deps.repos.users.confirmEmail(
    existing.id,
    pending.emailKey,
    pending.passwordHash,
    now,
  );
  if (!confirmed) return null;
  await revokeAllSessions(deps, { userId: confirmed.id, context });
  // Provider identities, API keys and factors added before the address was proven are the
  // maker's too: each would otherwise keep a way into the owner's account.
  await dropUnprovenCredentials(deps, confirmed.id);
  return confirmed.id;
}
