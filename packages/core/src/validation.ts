import * as v from 'valibot';
import type { InputIssue, InputProblem } from './errors.ts';
import { InputError } from './errors.ts';

function problemOf(issue: v.BaseIssue<unknown>): InputProblem {
  switch (issue.type) {
    case 'min_length':
    case 'min_value':
    case 'non_empty':
      return 'too_short';
    case 'max_length':
    case 'max_value':
    case 'max_bytes':
      return 'too_long';
    case 'regex':
    case 'email':
    case 'integer':
      return 'invalid_format';
    case 'check':
      return 'control_character';
    default:
      return issue.input === undefined ? 'required' : 'invalid_type';
  }
}

/**
 * Validates untrusted input against a valibot schema at the boundary of a core function.
 * Throws `InputError` listing each field and problem; the offending values are never
 * copied into the error, since they may be secrets.
 */
export function parseInput<Schema extends v.GenericSchema>(
  schema: Schema,
  input: unknown,
): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issues: InputIssue[] = result.issues.map((issue) => ({
    field: issue.path?.map((item) => String(item.key)).join('.') || 'input',
    problem: problemOf(issue),
  }));
  throw new InputError(issues);
}

/** Any C0/C1 control, format or unassigned code point (NUL, zero-width, bidi overrides...). */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}]/u;

/** A string check refusing control and invisible characters (reported as `control_character`). */
export const noControlCharacters = v.check<string, string>(
  (value) => !UNSAFE_CHARACTERS.test(value),
  'control',
);

/**
 * Record ids that arrive from outside (URL segments, request bodies). Core generates
 * 22-character base64url ids; ids imported from elsewhere (UUIDs, prefixed ids) fit too.
 */
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Returns `value` if it is a well-formed record id, else throws `InputError` for `field`. */
export function parseIdentifier(field: string, value: unknown): string {
  if (typeof value === 'string' && IDENTIFIER.test(value)) return value;
  throw new InputError([
    { field, problem: typeof value === 'string' ? 'invalid_format' : 'invalid_type' },
  ]);
}

/**
 * Returns `value` when it is a string, else throws `InputError` for `field`. For
 * parameters typed `string` whose every value is meaningful (presented tokens): a caller
 * bypassing the types gets an error, not a silent refusal.
 */
export function requireString(field: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new InputError([{ field, problem: value === undefined ? 'required' : 'invalid_type' }]);
}
