import { InputError } from '../errors.ts';

/** Longest passkey label. */
const NAME_MAX = 64;

/**
 * The browser's response object. Its fields are the authenticator's opaque output, checked
 * by verification; only a non-object breaks the input contract (throws `InputError`).
 */
export function requireResponse<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  throw new InputError([
    { field: 'response', problem: value === undefined ? 'required' : 'invalid_type' },
  ]);
}

/**
 * A passkey label: 1–64 characters without control characters, trimmed; `Passkey` when
 * absent. Throws `InputError` otherwise.
 */
export function passkeyName(value: unknown, fallback: string | null = 'Passkey'): string {
  if (value === undefined && fallback !== null) return fallback;
  if (typeof value !== 'string') {
    throw new InputError([
      { field: 'name', problem: value === undefined ? 'required' : 'invalid_type' },
    ]);
  }
  const name = value.trim();
  if (name === '') throw new InputError([{ field: 'name', problem: 'too_short' }]);
  if (name.length > NAME_MAX) throw new InputError([{ field: 'name', problem: 'too_long' }]);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/.test(name)) {
    throw new InputError([{ field: 'name', problem: 'control_character' }]);
  }
  return name;
}
