import type { DepsFor } from '../deps.ts';
import type { RequestContext, SignInAuditReason } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { SecondFactorKind } from '../mfa/index.ts';
import { normalizePassword } from '../password/index.ts';
import type { UserRecord } from '../repos.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { createSession } from '../sessions/index.ts';
import type { PublicUser } from '../users/index.ts';
import { toPublicUser } from '../users/index.ts';
import { dummyHash } from './dummy-hash.ts';
import { normalizeEmail } from './email.ts';
import { issueMfaChallenge } from './mfa-challenge.ts';

export type SignInDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'hasher' | 'secondFactor',
  'users' | 'sessions' | 'verificationTokens'
>;

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  /** Where the request came from (cleaned and capped before it is stored). */
  readonly context?: RequestContext | undefined;
}

/**
 * Why `signIn` refused, as the caller sees it:
 * - `invalid_credentials`: unknown email, wrong password, a pending sign-up, a deleted
 *   account and, by default, a banned or unverified one (alike, so the answer reveals
 *   neither which addresses have accounts nor that a password was right);
 * - `email_unverified`, `account_banned`: the password was right, and the app opted in to
 *   telling why with `signIn.revealAccountStatus`.
 */
export type SignInFailureReason = 'invalid_credentials' | 'email_unverified' | 'account_banned';

export type SignInResult =
  | {
      readonly ok: true;
      readonly status: 'signed_in';
      readonly user: PublicUser;
      readonly session: SessionInfo;
      /** Hand to the client (cookie or header); it is not stored anywhere. */
      readonly sessionToken: string;
    }
  | {
      readonly ok: true;
      /** The password was right but the user has a second factor: no session yet. */
      readonly status: 'mfa_required';
      readonly userId: string;
      readonly factors: readonly SecondFactorKind[];
      /** Single-use, short-lived proof that the first factor passed. */
      readonly challengeToken: string;
      readonly expiresAt: Date;
    }
  | { readonly ok: false; readonly reason: SignInFailureReason };

/**
 * Email-and-password sign-in. Returns a session (`signed_in`), a second-factor challenge
 * (`mfa_required`) or a {@link SignInFailureReason}. Throws `InputError` for an email that
 * is not an address or a password over `password.maxLength`, before any lookup.
 *
 * - Unknown email, wrong password, a sign-up still pending (no account yet), a deleted
 *   account and — by default — a banned or unverified account with the right password all
 *   answer `invalid_credentials`; an unknown email is checked against a dummy hash so it
 *   takes as long. Confirming that a password is right for a banned account would help
 *   whoever tries stolen credentials; `signIn.revealAccountStatus` opts into
 *   `account_banned` / `email_unverified`. The audit event always has the true reason.
 * - A stored hash at old parameters or in legacy bcrypt is replaced with argon2id at the
 *   current parameters (`password.rehashed`), compare-and-set so a concurrent password
 *   change wins.
 * - A user with an active second factor gets `mfa_required` and a challenge instead of a
 *   session.
 */
export async function signIn(deps: SignInDeps, input: SignInInput): Promise<SignInResult> {
  const { emailKey } = normalizeEmail(input.email);
  // Length rules may have tightened since the password was set: enforce only the maximum.
  const password = normalizePassword(input.password, {
    minLength: 1,
    maxLength: deps.config.password.maxLength,
  });
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const storedHash = user?.passwordHash ?? (await dummyHash(deps.hasher));
  const matches = await deps.hasher.verify(storedHash, password);
  const now = deps.clock.now();

  const fail = async (reason: SignInAuditReason): Promise<SignInResult> => {
    await deps.events.emit(
      auditEvent(
        { type: 'user.sign_in_failed', userId: user?.id ?? null, reason },
        now,
        input.context,
      ),
    );
    return { ok: false, reason: answered(reason, deps.config.signIn.revealAccountStatus) };
  };
  if (!user?.passwordHash || !matches) return fail('invalid_credentials');
  const refused = refusal(user, deps.config.emailVerification.required);
  if (refused) return fail(refused);

  const current = await rehashIfNeeded(deps, user, user.passwordHash, password, input.context);
  const factors = deps.secondFactor ? await deps.secondFactor.activeFactors(current.id) : [];
  if (factors.length > 0) {
    const challenge = await issueMfaChallenge(deps, current.id);
    await deps.events.emit(
      auditEvent({ type: 'user.mfa_required', userId: current.id, factors }, now, input.context),
    );
    return { ok: true, status: 'mfa_required', userId: current.id, factors, ...challenge };
  }

  const created = await createSession(deps, {
    userId: current.id,
    aal: 'aal1',
    passwordHash: current.passwordHash,
    context: input.context,
  });
  // Banned, deleted or given a new password after the check: the repository refused.
  if (!created) return fail(await refusedReason(deps, current.id));
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId: current.id, sessionId: created.session.id, aal: 'aal1' },
      now,
      input.context,
    ),
  );
  return { ok: true, status: 'signed_in', user: toPublicUser(current), ...created };
}

/**
 * Why the repository refused a session after the password matched, for the audit event:
 * the account was banned or deleted meanwhile, or its password was replaced (a reset, a
 * change or a proof of the address), which answers like a wrong password.
 */
async function refusedReason(
  deps: Pick<SignInDeps, 'repos'>,
  userId: string,
): Promise<SignInAuditReason> {
  const user = await deps.repos.users.findById(userId);
  if (!user || user.deletedAt) return 'account_deleted';
  return user.bannedAt ? 'account_banned' : 'invalid_credentials';
}

/** What the caller is told: a deleted account always looks unknown. */
function answered(reason: SignInAuditReason, reveal: boolean): SignInFailureReason {
  if (reason === 'account_deleted') return 'invalid_credentials';
  return reveal ? reason : 'invalid_credentials';
}

function refusal(user: UserRecord, verificationRequired: boolean): SignInAuditReason | null {
  if (user.deletedAt) return 'account_deleted';
  if (user.bannedAt) return 'account_banned';
  if (verificationRequired && !user.emailVerifiedAt) return 'email_unverified';
  return null;
}

async function rehashIfNeeded(
  deps: SignInDeps,
  user: UserRecord,
  storedHash: string,
  password: string,
  context: RequestContext | undefined,
): Promise<UserRecord> {
  if (!deps.hasher.needsRehash(storedHash)) return user;
  const nextHash = await deps.hasher.hash(password);
  const now = deps.clock.now();
  const replaced = await deps.repos.users.replacePasswordHash(user.id, storedHash, nextHash, now);
  if (!replaced) return user;
  const from = deps.hasher.algorithmOf(storedHash);
  await deps.events.emit(
    auditEvent(
      { type: 'password.rehashed', userId: user.id, from, to: deps.hasher.algorithmOf(nextHash) },
      now,
      context,
    ),
  );
  return { ...user, passwordHash: nextHash, updatedAt: now };
}
