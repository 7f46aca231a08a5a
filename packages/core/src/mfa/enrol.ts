import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomId } from '../primitives/index.ts';
import { recentSessionOf } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import {
  BACKUP_CODE_COUNT,
  backupCodeHash,
  generateBackupCodes,
  normalizeBackupCode,
} from './backup-codes.ts';
import type { CheckFactorDeps, SecondFactorFailureReason } from './check-factor.ts';
import { checkSecondFactor } from './check-factor.ts';
import type { SecondFactorProof } from './proof.ts';
import { parseProof, parseTotpCode } from './proof.ts';
import { secretBoxOf, totpSealContext } from './secret-box-of.ts';
import { matchTotpStep, TOTP_SECRET_BYTES, totpSecretBase32, totpUri } from './totp.ts';

export type EnrolTotpDeps = CheckFactorDeps & DepsFor<'config', 'users' | 'sessions'>;

export interface EnrolTotpInput {
  readonly userId: string;
  /** The caller's session: it must have begun within `mfa.recentSignIn`. */
  readonly currentSessionId: string;
  /**
   * A fresh second factor (a code from the current authenticator, a backup code, or a
   * passkey assertion made with user verification).
   * Required to re-enrol while a confirmed factor exists, so a stolen session alone
   * cannot move the factor to the thief's phone.
   */
  readonly proof?: SecondFactorProof | undefined;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `enrolTotp` refused: `not_found` (no such active user), `email_unverified` (the
 * account's address is not proven yet), `recent_sign_in_required` (the session began more
 * than `mfa.recentSignIn` ago: sign in again), `second_factor_required` (a factor is
 * confirmed and no proof came), or the proof's {@link SecondFactorFailureReason}.
 */
export type EnrolTotpFailureReason =
  | 'not_found'
  | 'email_unverified'
  | 'recent_sign_in_required'
  | 'second_factor_required'
  | SecondFactorFailureReason;

export type EnrolTotpResult =
  | {
      readonly ok: true;
      /** Base32, for typing into an app that cannot scan. Shown once; stored only encrypted. */
      readonly secret: string;
      /** The `otpauth://totp/…` URI to render as a QR code. */
      readonly uri: string;
    }
  | { readonly ok: false; readonly reason: EnrolTotpFailureReason };

/**
 * Starts TOTP enrolment: a fresh 160-bit secret, stored sealed by the secret box as the
 * user's pending factor (replacing an earlier pending one). It signs nobody in until
 * `confirmTotp` sees a first valid code. Needs a verified address and a session that began
 * within `mfa.recentSignIn`. Throws `InputError` for a malformed id or proof.
 */
export async function enrolTotp(
  deps: EnrolTotpDeps,
  input: EnrolTotpInput,
): Promise<EnrolTotpResult> {
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('currentSessionId', input.currentSessionId);
  const proof = input.proof === undefined ? undefined : parseProof(input.proof);
  const user = await deps.repos.users.findById(userId);
  if (!user || user.deletedAt || user.bannedAt) return { ok: false, reason: 'not_found' };
  // Until the address is proven, the account may be a stranger's claim on it (sign-up with
  // `emailVerification.required: false`): a factor enrolled then would lock the owner out
  // after they prove the address and take the account over.
  if (!user.emailVerifiedAt) return { ok: false, reason: 'email_unverified' };
  // A factor outlives every session and every password reset: adding one is a takeover if
  // a stolen session could do it. Only a session that just proved a credential may.
  if (!(await recentSessionOf(deps, userId, sessionId, deps.config.mfa.recentSignIn)))
    return { ok: false, reason: 'recent_sign_in_required' };
  const factors = await deps.repos.mfa.listTotp(userId);
  if (factors.some((factor) => factor.confirmedAt !== null)) {
    if (!proof) return { ok: false, reason: 'second_factor_required' };
    const checked = await checkSecondFactor(deps, userId, proof, 'enrol', input.context);
    if (!checked.ok) return checked;
  }

  const now = deps.clock.now();
  const secret = deps.random.bytes(TOTP_SECRET_BYTES);
  const factorId = randomId(deps.random);
  const box = await secretBoxOf(deps.config, deps.random);
  await deps.repos.mfa.replacePendingTotp({
    id: factorId,
    userId,
    sealedSecret: await box.seal(secret, totpSealContext(userId, factorId)),
    confirmedAt: null,
    lastUsedStep: null,
    createdAt: now,
  });
  await deps.events.emit(
    auditEvent({ type: 'mfa.totp_enrolment_started', userId }, now, input.context),
  );
  return {
    ok: true,
    secret: totpSecretBase32(secret),
    uri: totpUri(secret, deps.config.mfa.issuerName, user.email),
  };
}

export type ConfirmTotpDeps = CheckFactorDeps & DepsFor<'config', 'sessions'>;

export interface ConfirmTotpInput {
  readonly userId: string;
  /** The six digits the authenticator shows now. */
  readonly code: string;
  /**
   * The caller's session: it must have begun within `mfa.recentSignIn`; it stays, and every
   * other session of the user ends.
   */
  readonly currentSessionId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `confirmTotp` refused: `no_pending_factor` (none, or older than `mfa.enrolmentTtl`),
 * `recent_sign_in_required` (the session began more than `mfa.recentSignIn` ago),
 * `invalid_code` (wrong, or confirmed by a concurrent call) or `too_many_attempts` (the
 * per-user limit).
 */
export type ConfirmTotpFailureReason =
  | 'no_pending_factor'
  | 'recent_sign_in_required'
  | SecondFactorFailureReason;

export type ConfirmTotpResult =
  | {
      readonly ok: true;
      /** Ten single-use codes, shown once: only their HMACs are stored. */
      readonly backupCodes: readonly string[];
      readonly sessionsEnded: number;
    }
  | { readonly ok: false; readonly reason: ConfirmTotpFailureReason };

/**
 * Confirms the pending TOTP factor with a first valid code: from then on sign-in asks for
 * it. Replaces a confirmed factor of a re-enrolment, issues a new set of backup codes
 * (the old set stops working) and ends every other session of the user. The code's time
 * step is recorded, so it cannot be replayed at sign-in. Throws `InputError` for a
 * malformed id or a code that is not six digits; `SecretUnreadableError` when the pending
 * secret cannot be decrypted.
 */
export async function confirmTotp(
  deps: ConfirmTotpDeps,
  input: ConfirmTotpInput,
): Promise<ConfirmTotpResult> {
  const userId = parseIdentifier('userId', input.userId);
  const code = parseTotpCode(input.code);
  const currentSessionId = parseIdentifier('currentSessionId', input.currentSessionId);
  const factors = await deps.repos.mfa.listTotp(userId);
  const pending = factors.find((factor) => factor.confirmedAt === null);
  const now = deps.clock.now();
  // A secret shown long ago (a QR code left on a screen) no longer enrols: start again.
  const stale = (factor: { readonly createdAt: Date }) =>
    now.getTime() - factor.createdAt.getTime() > deps.config.mfa.enrolmentTtl * 1000;
  if (!pending || stale(pending)) return { ok: false, reason: 'no_pending_factor' };
  if (!(await recentSessionOf(deps, userId, currentSessionId, deps.config.mfa.recentSignIn)))
    return { ok: false, reason: 'recent_sign_in_required' };

  const failed = async (
    reason: 'invalid_code' | 'too_many_attempts',
  ): Promise<ConfirmTotpResult> => {
    await deps.events.emit(
      auditEvent(
        { type: 'mfa.failed', userId, method: 'totp', purpose: 'confirm', reason },
        now,
        input.context,
      ),
    );
    return { ok: false, reason };
  };
  const windowStart = new Date(now.getTime() - deps.config.mfa.failureWindow * 1000);
  if (
    (await deps.repos.mfa.recordAttempt(userId, now, windowStart)).inWindow >
    deps.config.mfa.maxFailures
  ) {
    return failed('too_many_attempts');
  }
  const box = await secretBoxOf(deps.config, deps.random);
  const secret = await box.open(pending.sealedSecret, totpSealContext(userId, pending.id));
  const step = matchTotpStep(secret, code, now, deps.config.mfa.totpWindow);
  if (step === null || !(await deps.repos.mfa.confirmTotp(pending.id, step, now))) {
    return failed('invalid_code');
  }
  await deps.repos.mfa.clearAttempts(userId);
  const backupCodes = await replaceBackupCodes(deps, userId, now);
  const sessionsEnded = await deps.repos.sessions.endByUser(userId, now, currentSessionId);
  await deps.events.emit(
    auditEvent({ type: 'mfa.totp_confirmed', userId, sessionsEnded }, now, input.context),
  );
  return { ok: true, backupCodes, sessionsEnded };
}

/** Issues a new set of backup codes for the user, replacing the old set; returns the codes. */
export async function replaceBackupCodes(
  deps: DepsFor<'config' | 'random', 'mfa'>,
  userId: string,
  now: Date,
): Promise<string[]> {
  const codes = generateBackupCodes(deps.random, BACKUP_CODE_COUNT);
  const codeHashes = await Promise.all(
    codes.map((code) => backupCodeHash(deps.config, userId, normalizeBackupCode(code))),
  );
  await deps.repos.mfa.replaceBackupCodes({ userId, codeHashes, createdAt: now });
  return codes;
}
