/**
 * Refusing passwords attackers try first (NIST SP 800-63B §5.1.1.2: a new password SHALL be
 * compared against values known to be commonly used, expected or compromised). Two checks:
 * an offline list of common passwords, always available, and an optional breach corpus
 * (`BreachedPasswordChecker`, e.g. the k-anonymity range API in `breached.ts`).
 */

/** Why a new password was refused. */
export type PasswordRefusal = 'password_too_common' | 'password_breached';

/** Whether a password appears in a breach corpus. */
export interface BreachedPasswordChecker {
  /**
   * `true` when `password` is known from a breach. May throw when the corpus cannot be
   * asked; `createPasswordScreen` then lets the password through (see `onUnavailable`).
   */
  isBreached(password: string): Promise<boolean>;
}

/** Screens a new password (already normalised) before it is hashed. */
export interface PasswordScreen {
  /** `null` when the password may be used, else why not. */
  check(password: string): Promise<PasswordRefusal | null>;
}

export interface PasswordScreenOptions {
  /**
   * Refuse the ~49,000 most common passwords of `@zxcvbn-ts/language-common` (compared
   * case-insensitively). Default `true`. The list is loaded on the first check, not at
   * start-up.
   */
  readonly refuseCommon?: boolean;
  /** Also refuse passwords known from breaches. Default none. */
  readonly breached?: BreachedPasswordChecker;
  /**
   * Called when `breached` throws (the service is down or slow). The password is then let
   * through: an outage of a third-party service must not stop every sign-up. Default: no-op.
   */
  readonly onUnavailable?: (error: unknown) => void;
}

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/** The common-password list, imported once on first use (≈ 380 KB of module). */
function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common']),
    (error: unknown) => {
      // A failed import is retried on the next check rather than cached as a failure.
      commonPasswords = undefined;
      throw error;
    },
  );
  return commonPasswords;
}

/** Whether `password` is on the common-password list (compared in lower case, as listed). */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await loadCommonPasswords()).has(password.toLowerCase());
}

export function createPasswordScreen(options: PasswordScreenOptions = {}): PasswordScreen {
  const refuseCommon = options.refuseCommon ?? true;
  const { breached, onUnavailable } = options;
  return {
    async check(password) {
      if (refuseCommon && (await isCommonPassword(password))) return 'password_too_common';
      if (breached === undefined) return null;
      try {
        return (await breached.isBreached(password)) ? 'password_breached' : null;
      } catch (error) {
        onUnavailable?.(error);
        return null;
      }
    },
  };
}
