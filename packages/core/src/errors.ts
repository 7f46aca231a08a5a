/**
 * The error model (see docs/concepts.md):
 * - outcomes a caller branches on (wrong password, expired token, replay) are returned as
 *   `{ ok: false, reason }` unions and never thrown;
 * - programmer, configuration, input and storage failures throw an `AuthError` whose
 *   stable `code` callers switch on. Messages never contain secrets or reveal whether an
 *   account exists.
 */

/** Every code an `AuthError` can carry. Stable: new codes may be added, none renamed. */
export type AuthErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'STORAGE_FAILURE'
  | 'BUSY'
  | 'SECRET_UNREADABLE';

/** Base class of every error Portcullis throws. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;

  /** Only the subclasses construct it, so every code comes with its class's fields. */
  protected constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
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
 * A bounded resource (the password hasher's queue) is full, so the hashing was refused
 * before it started and the flow stopped there. Retrying after `retryAfterSeconds` is safe
 * for every flow but one: `resetPassword` consumes its token before hashing (so a made-up
 * token costs no hash), so a reset refused here needs a new link. The HTTP layer answers
 * 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3).
 */
export class BusyError extends AuthError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('BUSY', message);
    this.name = 'BusyError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A secret stored encrypted (a TOTP seed) could not be decrypted: its key id is not
 * configured, or the ciphertext or its binding was altered. The flow stops there, fails
 * closed: no second factor is ever accepted without its secret. The HTTP layer answers a
 * bare 500 and reports it to `onError`; the cause is a key configuration or a tampered row.
 */
export class SecretUnreadableError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SECRET_UNREADABLE', message, options);
    this.name = 'SecretUnreadableError';
  }
}

/** The class that carries each code, so narrowing on a code exposes that class's fields. */
export interface AuthErrorByCode {
  readonly CONFIG_INVALID: ConfigError;
  readonly INPUT_INVALID: InputError;
  readonly STORAGE_FAILURE: StorageError;
  readonly BUSY: BusyError;
  readonly SECRET_UNREADABLE: SecretUnreadableError;
}

const CLASS_OF_CODE: {
  readonly [Code in AuthErrorCode]: abstract new (
    ...args: never[]
  ) => AuthErrorByCode[Code];
} = {
  CONFIG_INVALID: ConfigError,
  INPUT_INVALID: InputError,
  STORAGE_FAILURE: StorageError,
  BUSY: BusyError,
  SECRET_UNREADABLE: SecretUnreadableError,
};

/**
 * Whether `error` is an `AuthError` — with `code`, the error of that code, typed as the
 * class that carries it (`isAuthError(e, 'INPUT_INVALID')` makes `e.issues` available).
 * The check is by class, so an error only claiming a code never passes.
 */
export function isAuthError(error: unknown): error is AuthError;
export function isAuthError<Code extends AuthErrorCode>(
  error: unknown,
  code: Code,
): error is AuthErrorByCode[Code];
export function isAuthError(error: unknown, code?: AuthErrorCode): boolean {
  if (code === undefined) return error instanceof AuthError;
  return error instanceof CLASS_OF_CODE[code] && (error as AuthError).code === code;
}
