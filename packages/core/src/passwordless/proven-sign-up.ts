import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PendingSignUpRecord, UserRecord } from '../repos.ts';
import { newUserRecord } from '../users/index.ts';

export type ProvenSignUpDeps = DepsFor<'clock' | 'random' | 'events', 'users' | 'pendingSignUps'>;

/** The account a redeemed password-less sign-up leads to, or why there is none. */
export type ProvenSignUp =
  | { readonly ok: true; readonly record: UserRecord }
  | {
      readonly ok: false;
      readonly reason: 'account_banned' | 'account_deleted';
      readonly userId: string | null;
    };

/**
 * Creates the account of a password-less sign-up (a sign-up link or code) that was just
 * redeemed: verified, since the address is proven, and without a password. The address's
 * other pending sign-ups are deleted, so a password a stranger typed at sign-up is never
 * activated. Where an account appeared since the secret was mailed, the secret still
 * proves the address and leads to that account (unless it is banned or deleted).
 */
export async function provenSignUp(
  deps: ProvenSignUpDeps,
  pending: PendingSignUpRecord,
  context: RequestContext | undefined,
): Promise<ProvenSignUp> {
  const now = deps.clock.now();
  const { email, emailKey } = pending;
  const created = await deps.repos.users.create(
    newUserRecord(deps, { email, emailKey, emailVerifiedAt: now, passwordHash: null }, now),
  );
  await deps.repos.pendingSignUps.deleteByEmailKey(pending.emailKey);
  if (created) {
    await deps.events.emit(
      auditEvent({ type: 'user.signed_up', userId: created.id }, now, context),
    );
    return { ok: true, record: created };
  }
  const existing = await deps.repos.users.findByEmailKey(pending.emailKey);
  if (!existing || existing.deletedAt)
    return { ok: false, reason: 'account_deleted', userId: null };
  if (existing.bannedAt) return { ok: false, reason: 'account_banned', userId: existing.id };
  return { ok: true, record: existing };
}
