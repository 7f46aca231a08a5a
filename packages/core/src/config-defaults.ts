/**
 * Every numeric setting in one declarative table: its default, its bounds and what it
 * means. `createAuthConfig` resolves them all from here; nothing else states a default.
 * The table is checked against `AuthConfigInput`: a numeric setting added to the input
 * without a row here (or a row naming no setting) fails the typecheck.
 */
import type { AuthConfigInput } from './config.ts';
import { ConfigError } from './errors.ts';

/** `a.b.c` for every numeric leaf of `T` (arrays, bytes, strings and booleans are not). */
type NumberPaths<T, Prefix extends string = ''> = {
  [Key in keyof T & string]-?: NonNullable<T[Key]> extends number
    ? `${Prefix}${Key}`
    : NonNullable<T[Key]> extends readonly unknown[] | Uint8Array | string | boolean
      ? never
      : NumberPaths<NonNullable<T[Key]>, `${Prefix}${Key}.`>;
}[keyof T & string];

/** The name of a numeric setting, e.g. `session.idleTtl`. */
export type IntegerSettingName = NumberPaths<AuthConfigInput>;

/** One numeric setting. A bound may name an earlier setting, whose resolved value it takes. */
export interface IntegerSetting {
  readonly default: number;
  readonly min: number | IntegerSettingName;
  readonly max: number | IntegerSettingName;
  readonly doc: string;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const MAX_ARGON2_MEMORY_KIB = 4_194_304;

/** Rows are resolved in order: a bound names only settings above it. */
export const CONFIG_DEFAULTS = {
  'accessToken.ttl': { default: 15 * MINUTE, min: 10, max: DAY, doc: 'Access-token lifetime (s).' },
  'accessToken.clockSkew': {
    default: 30,
    min: 0,
    max: 5 * MINUTE,
    doc: 'Tolerated clock difference for `exp`/`nbf`/`iat` (s).',
  },
  'password.argon2.memoryKiB': {
    default: 19_456,
    min: 8,
    max: MAX_ARGON2_MEMORY_KIB,
    doc: 'argon2id memory for new hashes (KiB; OWASP minimum).',
  },
  'password.argon2.iterations': {
    default: 2,
    min: 1,
    max: 64,
    doc: 'argon2id passes for new hashes.',
  },
  'password.argon2.parallelism': {
    default: 1,
    min: 1,
    max: 16,
    doc: 'argon2id lanes for new hashes.',
  },
  'password.verifyLimits.memoryKiB': {
    default: 262_144,
    min: 'password.argon2.memoryKiB',
    max: MAX_ARGON2_MEMORY_KIB,
    doc: 'Most memory a stored hash may ask for before verification refuses it (KiB).',
  },
  'password.verifyLimits.iterations': {
    default: 16,
    min: 'password.argon2.iterations',
    max: 64,
    doc: 'Most passes a stored hash may ask for.',
  },
  'password.verifyLimits.parallelism': {
    default: 8,
    min: 'password.argon2.parallelism',
    max: 16,
    doc: 'Most lanes a stored hash may ask for.',
  },
  'password.minLength': {
    default: 8,
    min: 1,
    max: 1024,
    doc: 'Shortest password accepted at sign-up and reset (NIST 800-63B §3.1.1.2).',
  },
  'password.maxLength': {
    default: 256,
    min: 'password.minLength',
    max: 4096,
    doc: 'Longest password, in code points after NFKC; longer is refused, never truncated.',
  },
  'emailVerification.codeTtl': {
    default: 15 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'Lifetime of a verification code (s).',
  },
  'emailVerification.maxAttempts': {
    default: 5,
    min: 1,
    max: 20,
    doc: 'Wrong guesses before a code is dead.',
  },
  'emailVerification.linkTtl': {
    default: DAY,
    min: MINUTE,
    max: 7 * DAY,
    doc: 'Lifetime of a verification link (s).',
  },
  'emailVerification.resendCooldown': {
    default: MINUTE,
    min: 0,
    max: HOUR,
    doc: 'Least time between two verification mails to one user (s).',
  },
  'passwordReset.ttl': {
    default: 30 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'Lifetime of a reset link (s).',
  },
  'session.absoluteTtl': {
    default: 30 * DAY,
    min: MINUTE,
    max: 400 * DAY,
    doc: 'Session lifetime however active (s).',
  },
  'session.idleTtl': {
    default: 7 * DAY,
    min: MINUTE,
    max: 'session.absoluteTtl',
    doc: 'Session lifetime without use (s).',
  },
  'session.touchInterval': {
    default: MINUTE,
    min: 0,
    max: HOUR,
    doc: 'Least time between two writes of a session’s `lastUsedAt` (s).',
  },
  'refreshToken.absoluteTtl': {
    default: 30 * DAY,
    min: MINUTE,
    max: 400 * DAY,
    doc: 'Lifetime of a refresh-token family, never beyond its session’s (s).',
  },
  'refreshToken.idleTtl': {
    default: 14 * DAY,
    min: MINUTE,
    max: 'refreshToken.absoluteTtl',
    doc: 'Lifetime of one refresh token without rotation (s).',
  },
  'refreshToken.reuseGrace': {
    default: 0,
    min: 0,
    max: MINUTE,
    doc: 'Window after a rotation in which the old token answers `concurrent_rotation` instead of revoking the family (s; 0 is strict).',
  },
  'mfa.challengeTtl': {
    default: 5 * MINUTE,
    min: 30,
    max: 30 * MINUTE,
    doc: 'Lifetime of the challenge an `mfa_required` sign-in returns (s).',
  },
  'auditLog.retention': {
    default: 365 * DAY,
    min: DAY,
    max: 10 * 365 * DAY,
    doc: 'How long `prune` keeps audit events (s).',
  },
  'accountDeletion.ttl': {
    default: DAY,
    min: 5 * MINUTE,
    max: 7 * DAY,
    doc: 'Lifetime of the mailed account-deletion confirmation (s).',
  },
  'accountDeletion.reauthWindow': {
    default: 15 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'How recent an aal2 session must be to request deletion when the user has a second factor (s).',
  },
  'passwordless.linkTtl': {
    default: 10 * MINUTE,
    min: MINUTE,
    max: HOUR,
    doc: 'Lifetime of a magic link (s; ASVS 2.5.x: short-lived).',
  },
  'passwordless.codeTtl': {
    default: 10 * MINUTE,
    min: MINUTE,
    max: HOUR,
    doc: 'Lifetime of an emailed sign-in code (s).',
  },
  'passwordless.codeLength': {
    default: 6,
    min: 6,
    max: 8,
    doc: 'Digits of an emailed sign-in code.',
  },
  'passwordless.maxAttempts': {
    default: 5,
    min: 1,
    max: 10,
    doc: 'Wrong guesses before an emailed sign-in code is dead.',
  },
  'mfa.challengeMaxAttempts': {
    default: 5,
    min: 1,
    max: 20,
    doc: 'Codes one MFA challenge accepts, wrong ones included, before it is dead.',
  },
  'mfa.totpWindow': {
    default: 1,
    min: 0,
    max: 5,
    doc: 'TOTP time steps accepted either side of the current one (RFC 6238 §5.2).',
  },
  'mfa.maxFailures': {
    default: 10,
    min: 3,
    max: 100,
    doc: 'Second-factor attempts per user and `mfa.failureWindow` without a success.',
  },
  'mfa.maxConsecutiveFailures': {
    default: 50,
    min: 10,
    max: 1000,
    doc: 'Second-factor failures in a row, across windows, after which only a backup code works.',
  },
  'passkeys.challengeTtl': {
    default: 5 * MINUTE,
    min: 30,
    max: 15 * MINUTE,
    doc: 'How long a passkey challenge may be answered (s).',
  },
  'mfa.recentSignIn': {
    default: 15 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'How recently the session must have begun to enrol or confirm an authenticator (s).',
  },
  'mfa.failureWindow': {
    default: 15 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'The window `mfa.maxFailures` counts in (s).',
  },
  'mfa.enrolmentTtl': {
    default: 30 * MINUTE,
    min: MINUTE,
    max: DAY,
    doc: 'How long a started TOTP enrolment can be confirmed (s).',
  },
} as const satisfies Record<IntegerSettingName, IntegerSetting>;

/** The value at `a.b.c` of the input, or `undefined` where a level is missing. */
function valueAt(input: AuthConfigInput, name: IntegerSettingName): unknown {
  let node: unknown = input;
  for (const key of name.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every numeric setting, from the input or its default, checked against its bounds. */
export function resolveIntegers(input: AuthConfigInput): Record<IntegerSettingName, number> {
  const resolved = {} as Record<IntegerSettingName, number>;
  const bound = (value: number | IntegerSettingName) =>
    typeof value === 'number' ? value : resolved[value];
  for (const [name, setting] of Object.entries(CONFIG_DEFAULTS) as [
    IntegerSettingName,
    IntegerSetting,
  ][]) {
    const value = valueAt(input, name) ?? setting.default;
    const [min, max] = [bound(setting.min), bound(setting.max)];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
    }
    resolved[name] = value as number;
  }
  return resolved;
}
