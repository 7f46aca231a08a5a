import * as v from 'valibot';
import { noControlCharacters, parseInput } from '../validation.ts';

/**
 * Email input: NFKC-normalised *before* validation, so a fullwidth `＠` or `ｅ` typed on a
 * phone becomes the ASCII character it looks like and cannot slip past the format check
 * or create a look-alike second account. Surrounding whitespace is trimmed. Raw input
 * above 1 KiB is refused before normalising so oversized input costs nothing.
 */
const emailSchema = v.pipe(
  v.string(),
  v.maxLength(1024),
  v.transform((raw) => raw.normalize('NFKC').trim()),
  noControlCharacters,
  v.maxLength(254),
  v.email(),
);

/** A validated address and its lookup key. */
export interface NormalizedEmail {
  /** As typed, after NFKC: what is stored and where mail goes. */
  readonly email: string;
  /**
   * Lower-cased lookup key. `toLowerCase`, never `toUpperCase`: upper-casing maps distinct
   * characters together (dotless `ı` → `I`, `ß` → `SS`), the root of known account-takeover
   * bugs. The format check admits ASCII only, so the key is plain ASCII.
   */
  readonly emailKey: string;
}

/** Validates and normalises an untrusted email. Throws `InputError` (field `email`). */
export function normalizeEmail(raw: unknown): NormalizedEmail {
  const email = parseInput(v.object({ email: emailSchema }), { email: raw }).email;
  return { email, emailKey: email.toLowerCase() };
}
