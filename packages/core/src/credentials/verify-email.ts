import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext, VerifyEmailAuditReason } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { sha256Hex } from '../primitives/index.ts';
import type { PendingSignUpRecord } from '../repos.ts';
import type { ActivateSignUpDeps } from './activate-sign-up.ts';
import { activateSignUp } from './activate-sign-up.ts';
import { normalizeEmail } from './email.ts';
import { decoyFor, signUpCodeHash } from './pending-sign-up.ts';
import { CODE_PATTERN, isLinkToken } from './verification-secrets.ts';

export type VerifyEmailDeps = ActivateSignUpDeps & DepsFor<'config'>;

/**
 * The one failure a caller sees: wrong, unknown, superseded, used, expired and locked-out
 * codes alike. Telling `too_many_attempts` apart would reveal that a sign-up is pending for
 * an address (unknown addresses can only ever be `invalid`), which sign-up takes care never
 * to reveal. The audit event keeps the detail.
 */
export type VerifyEmailFailureReason = 'invalid';

export type VerifyEmailResult =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly reason: VerifyEmailFailureReason };

/** A code typed by the user (with the address it was sent to), or a token from a link. */
export type VerifyEmailInput =
  | {
      readonly email: string;
      /** The six digits as typed. */
      readonly code: string;
      readonly context?: RequestContext | undefined;
    }
  | { readonly token: string; readonly context?: RequestContext | undefined };

/**
 * Redeems the code or link token mailed for one sign-up and activates exactly that
 * sign-up (see `activateSignUp`): its password becomes the account's, and every session
 * that existed before ends. Each secret works once. A code is checked against every
 * pending sign-up of the address in one atomic repository step that counts the guess
 * against all of them *before* comparing; one that has seen `emailVerification.maxAttempts`
 * guesses accepts none. Throws `InputError` for an email that is not an address, a code
 * that is not six digits or a token that is not a string; a well-formed but wrong secret
 * is `invalid`.
 */
export async function verifyEmail(
  deps: VerifyEmailDeps,
  input: VerifyEmailInput,
): Promise<VerifyEmailResult> {
  const now = deps.clock.now();
  const redeemed =
    'token' in input
      ? await redeemLink(deps, input.token, now)
      : await redeemCode(deps, input, now);
  const userId = redeemed.ok ? await activateSignUp(deps, redeemed.pending, input.context) : null;
  if (userId === null) {
    const reason = redeemed.ok ? 'invalid' : redeemed.reason;
    await deps.events.emit(
      auditEvent({ type: 'email.verification_failed', userId: null, reason }, now, input.context),
    );
    return { ok: false, reason: 'invalid' };
  }
  // Stamped now, not at the start: activation stamped `user.signed_up` in between, and the
  // audit log orders by time, so the trail reads sign-up, then verification.
  await deps.events.emit(
    auditEvent({ type: 'email.verified', userId }, deps.clock.now(), input.context),
  );
  return { ok: true, userId };
}

type Redeemed =
  | { ok: true; pending: PendingSignUpRecord }
  | { ok: false; reason: VerifyEmailAuditReason };

async function redeemLink(deps: VerifyEmailDeps, token: string, now: Date): Promise<Redeemed> {
  if (typeof token !== 'string')
    throw new InputError([{ field: 'token', problem: 'invalid_type' }]);
  if (!isLinkToken(token)) return { ok: false, reason: 'invalid' };
  const pending = await deps.repos.pendingSignUps.redeemLink(await sha256Hex(token), now);
  return pending ? { ok: true, pending } : { ok: false, reason: 'invalid' };
}

async function redeemCode(
  deps: VerifyEmailDeps,
  input: { readonly email: string; readonly code: string },
  now: Date,
): Promise<Redeemed> {
  const { email, emailKey } = normalizeEmail(input.email);
  const code = input.code;
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
    throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
  }
  // One statement, and one write, whether or not anything is pending for the address: the
  // decoy is stored only when nothing was counted. The HMAC is the same work either way.
  const redemption = await deps.repos.pendingSignUps.redeemCode({
    emailKey,
    secretHash: await signUpCodeHash(deps.config, emailKey, code),
    maxAttempts: deps.config.emailVerification.maxAttempts,
    now,
    decoy: await decoyFor(deps, email, emailKey),
  });
  if (redemption.status === 'redeemed') return { ok: true, pending: redemption.signUp };
  return { ok: false, reason: redemption.lockedOut ? 'too_many_attempts' : 'invalid' };
}
