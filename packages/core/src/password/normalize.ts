import { InputError, type InputProblem } from '../errors.ts';
import { hasLoneSurrogate } from '../primitives/index.ts';

/** Length bounds for a password, in Unicode code points after NFKC normalisation. */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
}

/** True when `text` holds a C0 control (U+0000–U+001F, including NUL) or DEL (U+007F). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function reject(problem: InputProblem): never {
  // The issue names the field and problem only: the password itself never enters an error.
  throw new InputError([{ field: 'password', problem }]);
}

/**
 * Validates and canonicalises an untrusted password before it is hashed or verified.
 *
 * Why NFKC: NIST SP 800-63B §5.1.1.2 says Unicode passwords SHOULD be normalised (NFKC or
 * NFKD) before hashing, so the same password typed on two devices — one producing the
 * "ﬁ" ligature or fullwidth "Ａ", the other plain ASCII — hashes identically. Lengths are
 * counted in code points after normalisation, as NIST counts "characters", so an emoji is
 * one character, not two UTF-16 units.
 *
 * Why reject rather than truncate: truncation makes every password sharing the first N
 * characters equivalent, silently weakening long passphrases (the bcrypt 72-byte trap).
 * Raw input longer than `maxLength * 4` UTF-16 units is refused before normalising so a
 * multi-megabyte body costs nothing; a code point is at most two UTF-16 units, so input
 * already within `maxLength` code points always passes it, with room for NFKC to compose
 * (shrink) it by half.
 *
 * Control characters (including NUL, which C-based hashers treat as a terminator) are
 * refused because no keyboard types them and they signal injected or corrupted input.
 * Lone surrogates are refused (`invalid_format`) because UTF-8 encoding replaces each with
 * U+FFFD, which would make distinct inputs hash the same.
 *
 * @throws InputError with one issue on `password`: `invalid_type`, `too_long`,
 *   `control_character`, `invalid_format` or `too_short`.
 */
export function normalizePassword(raw: unknown, policy: PasswordPolicy): string {
  if (typeof raw !== 'string') reject('invalid_type');
  if (raw.length > policy.maxLength * 4) reject('too_long');
  const normalized = raw.normalize('NFKC');
  if (hasControlCharacter(normalized)) reject('control_character');
  if (hasLoneSurrogate(normalized)) reject('invalid_format');
  let codePoints = 0;
  for (const _ of normalized) codePoints++;
  if (codePoints < policy.minLength) reject('too_short');
  if (codePoints > policy.maxLength) reject('too_long');
  return normalized;
}
