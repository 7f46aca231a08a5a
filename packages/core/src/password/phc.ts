import type { Argon2Params } from '../config.ts';

/** A parsed argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`). */
export interface Argon2idPhc extends Argon2Params {
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly hash: Uint8Array<ArrayBuffer>;
}

/**
 * Strict grammar of the PHC string format for argon2id version 0x13 (19), the only
 * version RFC 9106 specifies. Parameters must appear in the canonical `m,t,p` order with
 * no leading zeros; optional `keyid`/`data` fields are refused (we never write them).
 * Base64 is the PHC alphabet (RFC 4648 §4 without padding). Lengths are bounded here so a
 * planted multi-megabyte string is rejected by the regex before any decoding.
 * argon2i and argon2d are refused by design: argon2i is weaker against tradeoff attacks
 * and argon2d leaks through side channels (RFC 9106 §4 recommends argon2id), and this
 * library never wrote either, so such a hash in the store is foreign or planted.
 */
const ARGON2ID_PHC =
  /^\$argon2id\$v=19\$m=([1-9][0-9]{0,9}),t=([1-9][0-9]{0,9}),p=([1-9][0-9]{0,9})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{22,86})$/;

/** Salt lengths accepted in stored hashes: RFC 9106 §3.1 requires at least 8 bytes. */
const SALT_BYTES = { min: 8, max: 64 } as const;
/** Tag lengths accepted in stored hashes: 128 to 512 bits. */
const HASH_BYTES = { min: 16, max: 64 } as const;

/**
 * Decodes unpadded standard base64, refusing non-canonical encodings (non-zero trailing
 * bits), as the argon2 reference implementation does, so one hash has one spelling.
 */
function decodeBase64NoPad(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (btoa(binary).replace(/=+$/, '') !== text) return null;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeBase64NoPad(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

/**
 * The PHC string of an argon2id v19 hash, in the exact spelling `parseArgon2idPhc`
 * accepts and the argon2 reference implementation writes: parameters in `m,t,p` order,
 * salt and tag in unpadded standard base64.
 */
export function encodeArgon2idPhc(
  params: Argon2Params,
  salt: Uint8Array,
  hash: Uint8Array,
): string {
  const { memoryKiB, iterations, parallelism } = params;
  return `$argon2id$v=19$m=${memoryKiB},t=${iterations},p=${parallelism}$${encodeBase64NoPad(salt)}$${encodeBase64NoPad(hash)}`;
}

/**
 * Parses a stored argon2id PHC string, or returns `null` when it is not one this library
 * accepts: wrong variant or version, malformed, salt outside 8..64 bytes, hash outside
 * 16..64 bytes, or `m < 8·p` (RFC 9106 §3.1). It does not check cost limits: callers
 * compare the returned parameters with their own caps before computing anything.
 */
export function parseArgon2idPhc(stored: string): Argon2idPhc | null {
  const match = ARGON2ID_PHC.exec(stored);
  if (!match) return null;
  const [, m, t, p, saltText, hashText] = match;
  const memoryKiB = Number(m);
  const iterations = Number(t);
  const parallelism = Number(p);
  if (memoryKiB < 8 * parallelism) return null;
  const salt = decodeBase64NoPad(saltText ?? '');
  const hash = decodeBase64NoPad(hashText ?? '');
  if (!salt || salt.length < SALT_BYTES.min || salt.length > SALT_BYTES.max) return null;
  if (!hash || hash.length < HASH_BYTES.min || hash.length > HASH_BYTES.max) return null;
  return { memoryKiB, iterations, parallelism, salt, hash };
}

/** True when every cost parameter of `declared` is at most the matching one in `limits`. */
export function withinLimits(declared: Argon2Params, limits: Argon2Params): boolean {
  return (
    declared.memoryKiB <= limits.memoryKiB &&
    declared.iterations <= limits.iterations &&
    declared.parallelism <= limits.parallelism
  );
}
