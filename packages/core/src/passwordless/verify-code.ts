import { FLOW_DISABLED } from '../config-flows.ts';
import type { NormalizedEmail } from '../credentials/index.ts';
import { decoyRecord, normalizeEmail } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext, SignInCodeAuditReason } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomId } from '../primitives/index.ts';
import type { PendingSignUpRecord, UserRecord, VerificationAttempt } from '../repos.ts';
import { signInCodeHash } from './code-hash.ts';
import type { FinishSignInDeps, PasswordlessSignIn } from './finish-sign-in.ts';
import { finishPasswordlessSignIn } from './finish-sign-in.ts';
import type { ProvenSignUpDeps } from './proven-sign-up.ts';
import { provenSignUp } from './proven-sign-up.ts';

export type SignInWithCodeDeps = FinishSignInDeps & ProvenSignUpDeps & DepsFor<'config'>;

/** A code typed by the user, with the address it was mailed to. */
export interface SignInWithCodeInput {
  readonly email: string;
  /** The 6 to 8 digits as typed. */
  readonly code: string;
  readonly context?: RequestContext | undefined;
}

/**
 * The one failure a caller sees: a wrong, unknown, superseded, used, expired or locked-out
 * code alike, and an address without an account (or sign-up code). Anything finer would tell a guesser which
 * addresses have accounts or live codes; the audit event keeps the detail.
 */
/** `disabled`: `flows.signInCodes` is off. */
export type SignInWithCodeFailureReason = 'invalid' | 'disabled';

export type SignInWithCodeResult =
  | PasswordlessSignIn
  | { readonly ok: false; readonly reason: SignInWithCodeFailureReason };

/** 6 to 8 digits: any `passwordless.codeLength`, so a code mailed before a change still counts. */
const SIGN_IN_CODE = /^\d{6,8}$/;

/**
 * Signs in with a code from `requestSignInCode`. The guess is one atomic repository step
 * (`verificationTokens.attempt`, or `pendingSignUps.redeemCode` for a sign-up code): it
 * counts, compares and consumes together, so no more than `passwordless.maxAttempts`
 * guesses are ever compared, even concurrently, and a code works once. Like a magic link
 * the code proves the address: an unverified account is confirmed (see
 * `finishPasswordlessSignIn`), a sign-up code creates a verified account without a
 * password (see `provenSignUp`), and a user with an active second factor gets
 * `mfa_required`. Whether or not the address has an account, every failing path issues the
 * same repository calls in the same order and computes the same MACs (see `guess`).
 * Throws `InputError` for an email that is not an address or a code that is not 6 to 8
 * digits, before anything is read.
 */
export async function signInWithCode(
  deps: SignInWithCodeDeps,
  input: SignInWithCodeInput,
): Promise<SignInWithCodeResult> {
  if (!deps.config.flows.signInCodes) return FLOW_DISABLED;
  const address = normalizeEmail(input.email);
  if (typeof input.code !== 'string' || !SIGN_IN_CODE.test(input.code))
    throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
  const now = deps.clock.now();
  const user = await deps.repos.users.findByEmailKey(address.emailKey);
  const outcome = await guess(deps, user, address, input.code, now);
  const fail = async (
    reason: SignInCodeAuditReason,
    userId = user?.id ?? null,
  ): Promise<SignInWithCodeResult> => {
    await deps.events.emit(
      auditEvent({ type: 'sign_in_code.failed', userId, reason }, now, input.context),
    );
    return { ok: false, reason: 'invalid' };
  };
  if (outcome.status === 'too_many_attempts') return fail('too_many_attempts');
  if (outcome.status === 'signed_up') {
    const created = await provenSignUp(deps, outcome.signUp, input.context);
    if (!created.ok) return fail(created.reason, created.userId);
    return (
      (await finishPasswordlessSignIn(deps, created.record, input.context)) ??
      fail('account_banned', created.record.id)
    );
  }
  if (outcome.status !== 'consumed' || !user) return fail('invalid');
  const refused = refusal(user, outcome.token.email);
  if (refused) return fail(refused);
  return (await finishPasswordlessSignIn(deps, user, input.context)) ?? fail('account_banned');
}

type Guess =
  | VerificationAttempt
  | { readonly status: 'signed_up'; readonly signUp: PendingSignUpRecord };

/**
 * The guess, counted where it can be: against the account's live code, or, for an address
 * without an account where `passwordless.signUp` allows, against its sign-up codes.
 *
 * Response time must not tell the two apart, so every path makes the same four calls in
 * the same order: the user lookup (by the caller), `verificationTokens.findLatest`,
 * `verificationTokens.attempt` and `pendingSignUps.redeemCode`, around one MAC (of the
 * guess, which a decoy carries too). The call with nothing to count gets an id or key no
 * row has (a random id, which holds no `@` as every address key does): it reads and writes
 * nothing, but costs what its statement costs. Exactly one call writes: the counted guess,
 * or the decoy `redeemCode` stores where nothing was counted. The two paths used to differ
 * in kind (a one-row `UPDATE` for an account, a multi-row statement and an insert without
 * one), and an unknown address answered measurably slower (ROC AUC 0.16 in `pnpm bench`).
 */
async function guess(
  deps: SignInWithCodeDeps,
  user: UserRecord | null,
  address: NormalizedEmail,
  code: string,
  now: Date,
): Promise<Guess> {
  const { maxAttempts, signUp } = deps.config.passwordless;
  const live = await deps.repos.verificationTokens.findLatest(
    user?.id ?? randomId(deps.random),
    'sign_in_code',
  );
  // Bound to the account the code would sign in to, or to the address a sign-up code went to.
  const secretHash = await signInCodeHash(deps.config, user?.id ?? address.emailKey, code);
  const counted = await deps.repos.verificationTokens.attempt({
    id: live?.id ?? randomId(deps.random),
    secretHash,
    maxAttempts,
    now,
  });
  const redemption = await deps.repos.pendingSignUps.redeemCode({
    emailKey: !user && signUp ? address.emailKey : randomId(deps.random),
    secretHash,
    maxAttempts,
    now,
    decoy:
      counted.status === 'unavailable'
        ? decoyRecord(deps, { ...address, kind: 'code', secretHash })
        : undefined,
  });
  if (redemption.status === 'redeemed') return { status: 'signed_up', signUp: redemption.signUp };
  if (counted.status !== 'unavailable') return counted;
  return { status: redemption.lockedOut ? 'too_many_attempts' : 'unavailable' };
}

function refusal(user: UserRecord, mailedTo: string | null): SignInCodeAuditReason | null {
  if (user.deletedAt) return 'account_deleted';
  if (user.bannedAt) return 'account_banned';
  // The code proves the address it went to, which must still be the account's.
  return user.email === mailedTo ? null : 'email_changed';
}
