/** A UTF-16 surrogate not part of a pair; with the `u` flag a pair is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when `text` holds a lone surrogate. Drivers encode one as U+FFFD when they send
 * it (PostgreSQL, Redis), so two different strings would be stored as, and match, the
 * same key: an adapter refuses such a value instead of writing it, and a password with
 * one would hash as a different password than the one typed.
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
