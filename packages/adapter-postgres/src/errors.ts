import type { AuthError } from '@portcullis/core';
import { InputError, StorageError } from '@portcullis/core';

/** SQLSTATE classes that mean "this value cannot be stored", i.e. the caller's input. */
const inputStates: Readonly<Record<string, 'too_long' | 'control_character' | 'invalid_format'>> = {
  '22001': 'too_long', // string_data_right_truncation
  '54000': 'too_long', // program_limit_exceeded (e.g. an index row over the btree limit)
  '22021': 'control_character', // character_not_in_repertoire (NUL in text)
  '22P05': 'control_character', // untranslatable_character (\u0000 in jsonb)
  '22P02': 'invalid_format', // invalid_text_representation
  '22007': 'invalid_format', // invalid_datetime_format
  '22008': 'invalid_format', // datetime_field_overflow
  '22009': 'invalid_format', // invalid_time_zone_displacement_value (PGlite, years outside 0–9999)
};

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Fields of a server error that name things, never values. */
const safeFields = ['severity', 'schema', 'table', 'column', 'constraint', 'routine'] as const;

/**
 * The driver error, stripped to what names the failure. Drivers attach the statement's
 * parameters (PGlite: `params`, `query`) and the offending key (`detail`: "Key
 * (email_key)=(…) already exists"), which would carry emails and token or password hashes
 * into logs that print `cause`. Class 22 messages can quote the rejected value, so they
 * are replaced too.
 */
function safeCause(error: unknown, state: string | undefined): unknown {
  if (!(error instanceof Error) || state === undefined) return error;
  const message = state.startsWith('22') ? `invalid value (SQLSTATE ${state})` : error.message;
  const cause = Object.assign(new Error(message), { code: state });
  for (const field of safeFields) {
    const value: unknown = Reflect.get(error, field);
    if (typeof value === 'string') Object.assign(cause, { [field]: value });
  }
  return cause;
}

/**
 * SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shut the session
 * down, e.g. `pg_terminate_backend`), or a socket-level error from the driver.
 */
function isConnectionFailure(error: unknown, state: string | undefined): boolean {
  if (state !== undefined) return state.startsWith('08') || /^57P0[1-3]$/.test(state);
  if (!(error instanceof Error)) return false;
  const code = 'code' in error ? error.code : undefined;
  return (
    (typeof code === 'string' && /^E[A-Z]+$/.test(code)) ||
    /connection (terminated|ended|error)|not queryable/i.test(error.message)
  );
}

/**
 * Maps a driver error to Portcullis' error model. Values the server cannot store become
 * `InputError`; everything else (constraint violations from caller bugs, lost
 * connections, timeouts) becomes `StorageError`. The `cause` is the driver error stripped
 * of values (see safeCause), and the message never repeats the driver's.
 */
export function toAuthError(error: unknown): AuthError {
  const state = sqlState(error);
  const problem = state === undefined ? undefined : inputStates[state];
  if (problem !== undefined) {
    const issue = new InputError([{ field: 'value', problem }]);
    return Object.assign(issue, { cause: safeCause(error, state) });
  }
  const what =
    state === '23505'
      ? 'a row with this key already exists'
      : state === '23503'
        ? 'a referenced row does not exist'
        : isConnectionFailure(error, state)
          ? 'the database could not be reached or the connection was lost'
          : state === undefined
            ? 'the storage call failed unexpectedly'
            : `the database refused the statement (SQLSTATE ${state})`;
  return new StorageError(`Storage failure: ${what}`, { cause: safeCause(error, state) });
}

/**
 * Whether `error` (as `runQuery` throws it) is a violation of foreign key `constraint`:
 * a missing referenced row (23503) or a deletion its `ON DELETE RESTRICT` refused (23001).
 */
export function violatesReference(error: unknown, constraint: string): boolean {
  if (!(error instanceof Error) || !(error.cause instanceof Error)) return false;
  const { cause } = error;
  const state = sqlState(cause);
  return (
    (state === '23503' || state === '23001') && Reflect.get(cause, 'constraint') === constraint
  );
}
