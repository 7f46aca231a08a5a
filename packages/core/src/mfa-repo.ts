/**
 * The second-factor repository (see repos.ts for the conventions). One repository for
 * TOTP factors, backup codes and the per-user attempt counter, because disabling MFA
 * removes all three in one atomic step.
 */

/**
 * A TOTP authenticator (RFC 6238). At most one pending (enrolled, not yet confirmed) and
 * one confirmed factor per user; confirming a pending one replaces the confirmed one.
 */
export interface TotpFactorRecord {
  readonly id: string;
  readonly userId: string;
  /** The 160-bit secret sealed by the secret box, bound to this user and id. Never clear. */
  readonly sealedSecret: string;
  /** When a first valid code confirmed it; `null` while pending (it then signs nobody in). */
  readonly confirmedAt: Date | null;
  /** The last RFC 6238 time step accepted; a code for it or an earlier step is a replay. */
  readonly lastUsedStep: number | null;
  readonly createdAt: Date;
}

/** A user's current set of backup codes: only the unused codes' hashes remain. */
export interface BackupCodeSet {
  readonly userId: string;
  /** HMAC-SHA256 (hex) of each unused code, bound to the user (see `mfa/backup-codes.ts`). */
  readonly codeHashes: readonly string[];
  readonly createdAt: Date;
}

/** The counts `MfaRepo.recordAttempt` returns, this attempt included. */
export interface MfaAttemptCount {
  readonly inWindow: number;
  readonly sinceSuccess: number;
}

export interface MfaRepo {
  /**
   * **Atomic**: replaces the user's pending TOTP factor (if any) with `factor`, which must
   * be unconfirmed, as one step. The confirmed factor, if any, is untouched.
   */
  replacePendingTotp(factor: TotpFactorRecord): Promise<void>;
  /** The user's TOTP factors (pending and confirmed), oldest first; `[]` when none. */
  listTotp(userId: string): Promise<readonly TotpFactorRecord[]>;
  /**
   * **Atomic** confirmation: if factor `id` exists and is pending, sets `confirmedAt = now`
   * and `lastUsedStep = step` and deletes every other TOTP factor of its user, as one
   * step. Returns whether it confirmed; of concurrent calls at most one gets `true`.
   */
  confirmTotp(id: string, step: number, now: Date): Promise<boolean>;
  /**
   * **Atomic** replay guard (RFC 6238 §5.2): sets `lastUsedStep = step` on the confirmed
   * factor `id` only if its `lastUsedStep` is `null` or lower, as one step. Returns whether
   * it did; of concurrent calls with one step at most one gets `true`.
   */
  recordTotpStep(id: string, step: number): Promise<boolean>;
  /** **Atomic**: replaces the user's backup codes with `set` (the old codes stop working). */
  replaceBackupCodes(set: BackupCodeSet): Promise<void>;
  /**
   * **Atomic** single use: removes `codeHash` from the user's set if it is there, as one
   * step, and returns how many codes remain; `null` when it was not there. Of concurrent
   * calls with one code at most one gets a number.
   */
  useBackupCode(userId: string, codeHash: string): Promise<number | null>;
  /** How many unused backup codes the user has (0 when none). */
  countBackupCodes(userId: string): Promise<number>;
  /**
   * **Atomic**: counts one second-factor attempt of the user and returns the counts after
   * it. `inWindow`: attempts in the current window; a window that started at or before
   * `windowStart` is over, and the count restarts at 1 with a window starting `now`.
   * `sinceSuccess`: attempts since `clearAttempts`, whatever the windows. Core counts
   * *before* checking a code, so concurrent guesses cannot pass either limit. The user must
   * exist.
   */
  recordAttempt(userId: string, now: Date, windowStart: Date): Promise<MfaAttemptCount>;
  /** Forgets the user's attempt counts (after a success). */
  clearAttempts(userId: string): Promise<void>;
  /**
   * **Atomic**: deletes every TOTP factor, backup code and attempt count of the user, as
   * one step. Returns whether a confirmed factor was among them; of concurrent calls at
   * most one gets `true`.
   */
  deleteByUser(userId: string): Promise<boolean>;
}
