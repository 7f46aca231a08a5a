/**
 * The error model (see docs/concepts.md):
 * - outcomes a caller branches on (wrong password, expired token, replay) are returned as
 *   `{ ok: false, reason }` unions and never thrown;
 * - programmer, configuration, input and storage failures throw an `AuthError` whose
 *   stable `code` callers switch on. Messages never contain secrets or reveal whether an
 *   account exists.
 */

/** Every code an `AuthError` can carry. Stable: new codes may be added, none renamed. */
export type AuthErrorCode = 'CONFIG_INVALID' | 'INPUT_INVALID' | 'STORAGE_FAILURE' | 'BUSY';

/** Base class of every error Portcullis throws. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthError';
    this.code = code;
  }
}

/** The configuration passed to `createAuthConfig` (or a key set) is unusable. */
export class ConfigError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
  }
}

/** What was wrong with one field of untrusted input. Never carries the input value. */
export interface InputIssue {
  /** The field, e.g. `email` or `password`. */
  readonly field: string;
  /** A stable machine-readable problem, e.g. `too_long`, `invalid_format`, `control_character`. */
  readonly problem: InputProblem;
}

/** Stable problem codes for {@link InputIssue}. */
export type InputProblem =
  | 'required'
  | 'invalid_type'
  | 'invalid_format'
  | 'too_short'
  | 'too_long'
  | 'control_character'
  | 'not_allowed';

/** Untrusted input failed validation; nothing was written. */
export class InputError extends AuthError {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(
      'INPUT_INVALID',
      `Invalid input: ${issues.map((i) => `${i.field} ${i.problem}`).join(', ')}`,
    );
    this.name = 'InputError';
    this.issues = issues;
  }
}

/**
 * A repository failed (connection lost, constraint the adapter could not map...).
 * Adapters wrap driver errors in this so callers need not know the driver.
 */
export class StorageError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_FAILURE', message, options);
    this.name = 'StorageError';
  }
}

/**
 * A bounded resource (the password hasher's queue) is full, so the work was refused
 * before it started: nothing was read or written. Retrying after `retryAfterSeconds` is
 * safe. The HTTP layer answers 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3).
 */
export class BusyError extends AuthError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('BUSY', message);
    this.name = 'BusyError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True when `error` is an `AuthError`, optionally with the given code. */
export function isAuthError(error: unknown, code?: AuthErrorCode): error is AuthError {
  return error instanceof AuthError && (code === undefined || error.code === code);
}
