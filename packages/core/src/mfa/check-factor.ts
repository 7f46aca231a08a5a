import type { DepsFor } from '../deps.ts';
import type { MfaAuditFailure, MfaPurpose, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { AuthenticationResponseJSON } from '../passkeys/index.ts';
import { verifyPasskeySecondFactor } from '../passkeys/index.ts';
import { backupCodeHash } from './backup-codes.ts';
import type { ParsedProof } from './proof.ts';
import { secretBoxOf, totpSealContext } from './secret-box-of.ts';
import { matchTotpStep } from './totp.ts';

export type CheckFactorDeps = DepsFor<'config' | 'clock' | 'random' | 'events', 'mfa' | 'passkeys'>;

/**
 * Why a second factor was refused, as callers see it: `invalid_code` also for a replayed
 * code and for a passkey assertion that did not verify (the audit log says which).
 */
export type SecondFactorFailureReason = 'invalid_code' | 'too_many_attempts';

export type FactorCheck =
  | { readonly ok: true; readonly backupCodesRemaining: number | null }
  | { readonly ok: false; readonly reason: SecondFactorFailureReason };

/**
 * Checks a parsed proof against the user's confirmed factors, counting the attempt first
 * against the per-user limit (`mfa.maxFailures` per `mfa.failureWindow`): concurrent
 * guesses are all counted before any is compared. A TOTP code must match within
 * `mfa.totpWindow` steps and its step must be recorded atomically (a replay in the same
 * step fails); a backup code is spent atomically; a passkey assertion must answer a
 * second-factor challenge of this user with one of this user's passkeys (its challenge is
 * spent and its counter moved atomically: see `verifyPasskeySecondFactor`), and must
 * carry user verification for every purpose but `sign_in`: step-up, disabling MFA, new
 * backup codes and TOTP enrolment raise or act for a session that may itself come from
 * that passkey, so its possession alone is no second factor there. In the sign-in step
 * the first factor was a password, link or code (a passkey sign-in's challenge takes no
 * passkey: see `completeMfaSignIn`), and possession is the second. A success
 * clears the count. Emits
 * `mfa.verified` or `mfa.failed`. Throws `SecretUnreadableError` when the stored TOTP
 * secret cannot be decrypted (fail closed).
 */
export async function checkSecondFactor(
  deps: CheckFactorDeps,
  userId: string,
  proof: ParsedProof,
  purpose: MfaPurpose,
  context: RequestContext | undefined,
): Promise<FactorCheck> {
  const now = deps.clock.now();
  const fail = async (reason: MfaAuditFailure): Promise<FactorCheck> => {
    await deps.events.emit(
      auditEvent(
        { type: 'mfa.failed', userId, method: proof.method, purpose, reason },
        now,
        context,
      ),
    );
    const limited = reason === 'too_many_attempts' || reason === 'totp_locked';
    return { ok: false, reason: limited ? 'too_many_attempts' : 'invalid_code' };
  };
  const windowStart = new Date(now.getTime() - deps.config.mfa.failureWindow * 1000);
  const attempts = await deps.repos.mfa.recordAttempt(userId, now, windowStart);
  if (attempts.inWindow > deps.config.mfa.maxFailures) return fail('too_many_attempts');
  // Windows alone would let a thief with the password guess TOTP codes forever, a few per
  // window. Past a streak of failures only a backup code (60 bits: not guessable) works,
  // and its success ends the streak.
  if (proof.method === 'totp' && attempts.sinceSuccess > deps.config.mfa.maxConsecutiveFailures)
    return fail('totp_locked');

  const verdict =
    proof.method === 'webauthn'
      ? await checkPasskey(deps, userId, proof.response, purpose !== 'sign_in', context)
      : proof.method === 'totp'
        ? await checkTotp(deps, userId, proof.code, now)
        : await checkBackupCode(deps, userId, proof.code);
  if (verdict.failure) return fail(verdict.failure);

  await deps.repos.mfa.clearAttempts(userId);
  const backupCodesRemaining = verdict.remaining;
  await deps.events.emit(
    auditEvent(
      { type: 'mfa.verified', userId, method: proof.method, purpose, backupCodesRemaining },
      now,
      context,
    ),
  );
  return { ok: true, backupCodesRemaining };
}

type Verdict =
  | { readonly failure: MfaAuditFailure; readonly remaining?: never }
  | { readonly failure: null; readonly remaining: number | null };

async function checkTotp(
  deps: CheckFactorDeps,
  userId: string,
  code: string,
  now: Date,
): Promise<Verdict> {
  const factors = await deps.repos.mfa.listTotp(userId);
  const factor = factors.find((candidate) => candidate.confirmedAt !== null);
  if (!factor) return { failure: 'no_factor' };
  const box = await secretBoxOf(deps.config, deps.random);
  const secret = await box.open(factor.sealedSecret, totpSealContext(userId, factor.id));
  const step = matchTotpStep(secret, code, now, deps.config.mfa.totpWindow);
  if (step === null) return { failure: 'invalid_code' };
  // RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP after the
  // successful validation has been issued for the first OTP".
  if (!(await deps.repos.mfa.recordTotpStep(factor.id, step))) return { failure: 'replayed' };
  return { failure: null, remaining: null };
}

async function checkPasskey(
  deps: CheckFactorDeps,
  userId: string,
  response: AuthenticationResponseJSON,
  requireUserVerification: boolean,
  context: RequestContext | undefined,
): Promise<Verdict> {
  const verdict = await verifyPasskeySecondFactor(deps, {
    userId,
    response,
    requireUserVerification,
    context,
  });
  if (verdict === 'passed') return { failure: null, remaining: null };
  return { failure: verdict === 'invalid' ? 'invalid_passkey' : 'user_not_verified' };
}

async function checkBackupCode(
  deps: CheckFactorDeps,
  userId: string,
  canonical: string,
): Promise<Verdict> {
  const hash = await backupCodeHash(deps.config, userId, canonical);
  const remaining = await deps.repos.mfa.useBackupCode(userId, hash);
  return remaining === null ? { failure: 'invalid_code' } : { failure: null, remaining };
}
