import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { CheckFactorDeps, SecondFactorFailureReason } from './check-factor.ts';
import { checkSecondFactor } from './check-factor.ts';
import { replaceBackupCodes } from './enrol.ts';
import type { SecondFactorProof } from './proof.ts';
import { parseProof } from './proof.ts';

export type MfaStatusDeps = DepsFor<never, 'mfa'>;

export interface MfaStatusInput {
  readonly userId: string;
}

/** A user's second factors, as an account page shows them. */
export interface MfaStatus {
  /** `pending`: enrolled, waiting for its first code; `enabled`: sign-in asks for it. */
  readonly totp: 'none' | 'pending' | 'enabled';
  /** Unused backup codes left. */
  readonly backupCodesRemaining: number;
}

/** The user's TOTP state and how many backup codes remain. Throws `InputError` for a malformed id. */
export async function getMfaStatus(deps: MfaStatusDeps, input: MfaStatusInput): Promise<MfaStatus> {
  const userId = parseIdentifier('userId', input.userId);
  const [factors, backupCodesRemaining] = await Promise.all([
    deps.repos.mfa.listTotp(userId),
    deps.repos.mfa.countBackupCodes(userId),
  ]);
  const totp = factors.some((factor) => factor.confirmedAt !== null)
    ? 'enabled'
    : factors.length > 0
      ? 'pending'
      : 'none';
  return { totp, backupCodesRemaining };
}

export type DisableMfaDeps = CheckFactorDeps & DepsFor<'clock', 'sessions'>;

export interface DisableMfaInput {
  readonly userId: string;
  /**
   * A fresh second factor: a current TOTP code, an unused backup code, or a passkey
   * assertion made with user verification (options from `beginPasskeyStepUp`).
   */
  readonly proof: SecondFactorProof;
  /** The caller's session, which stays; every other session of the user ends. */
  readonly currentSessionId?: string | undefined;
  readonly context?: RequestContext | undefined;
}

/** Why an MFA change was refused: `mfa_not_enabled`, or the proof's failure. */
export type MfaChangeFailureReason = 'mfa_not_enabled' | SecondFactorFailureReason;

export type DisableMfaResult =
  | { readonly ok: true; readonly sessionsEnded: number }
  | { readonly ok: false; readonly reason: MfaChangeFailureReason };

/**
 * Turns MFA off given a fresh second factor: deletes the TOTP factors and backup codes in
 * one step and ends every other session of the user. Throws `InputError` for a malformed
 * id or proof; `SecretUnreadableError` when the TOTP secret cannot be decrypted (use a
 * backup code then).
 */
export async function disableMfa(
  deps: DisableMfaDeps,
  input: DisableMfaInput,
): Promise<DisableMfaResult> {
  const userId = parseIdentifier('userId', input.userId);
  const proof = parseProof(input.proof);
  const currentSessionId =
    input.currentSessionId === undefined
      ? undefined
      : parseIdentifier('currentSessionId', input.currentSessionId);
  if (!(await hasConfirmedFactor(deps, userId))) return { ok: false, reason: 'mfa_not_enabled' };
  const checked = await checkSecondFactor(deps, userId, proof, 'disable', input.context);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  // A concurrent disable already did it: the caller's proof was good, the answer the same.
  await deps.repos.mfa.deleteByUser(userId);
  const sessionsEnded = await deps.repos.sessions.endByUser(userId, now, currentSessionId);
  await deps.events.emit(
    auditEvent({ type: 'mfa.disabled', userId, sessionsEnded }, now, input.context),
  );
  return { ok: true, sessionsEnded };
}

export interface RegenerateBackupCodesInput {
  readonly userId: string;
  /**
   * A fresh second factor: a current TOTP code, an unused backup code, or a passkey
   * assertion made with user verification (options from `beginPasskeyStepUp`).
   */
  readonly proof: SecondFactorProof;
  readonly context?: RequestContext | undefined;
}

export type RegenerateBackupCodesResult =
  | { readonly ok: true; readonly backupCodes: readonly string[] }
  | { readonly ok: false; readonly reason: MfaChangeFailureReason };

/**
 * Issues ten new backup codes given a fresh second factor; every old code stops working.
 * Throws `InputError` for a malformed id or proof.
 */
export async function regenerateBackupCodes(
  deps: CheckFactorDeps,
  input: RegenerateBackupCodesInput,
): Promise<RegenerateBackupCodesResult> {
  const userId = parseIdentifier('userId', input.userId);
  const proof = parseProof(input.proof);
  if (!(await hasConfirmedFactor(deps, userId))) return { ok: false, reason: 'mfa_not_enabled' };
  const checked = await checkSecondFactor(
    deps,
    userId,
    proof,
    'regenerate_backup_codes',
    input.context,
  );
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const backupCodes = await replaceBackupCodes(deps, userId, now);
  await deps.events.emit(
    auditEvent({ type: 'mfa.backup_codes_regenerated', userId }, now, input.context),
  );
  return { ok: true, backupCodes };
}

async function hasConfirmedFactor(deps: DepsFor<never, 'mfa'>, userId: string): Promise<boolean> {
  const factors = await deps.repos.mfa.listTotp(userId);
  return factors.some((factor) => factor.confirmedAt !== null);
}
