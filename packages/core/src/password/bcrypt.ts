import { bcryptVerify } from 'hash-wasm';
import { BusyError } from '../errors.ts';
import { utf8 } from '../primitives/index.ts';

/**
 * Legacy bcrypt hashes this library will still verify (read-only: it never writes them),
 * so users migrated from another system can sign in once and be rehashed to argon2id.
 *
 * Accepted prefixes: `$2a$`, `$2b$` (OpenBSD) and `$2y$` (crypt_blowfish's name for the
 * correct algorithm) — identical for passwords of at most 72 bytes. `$2x$` is refused: it
 * marks hashes made by crypt_blowfish's sign-extension bug (CVE-2011-2483), which are not
 * the hash of the password as given. Cost is limited to 4..15 so a planted `$2b$31$`
 * cannot pin a CPU for days. The 53 characters are bcrypt's 22-char salt + 31-char hash.
 */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|1[0-5])\$[./A-Za-z0-9]{53}$/;

/** bcrypt reads at most 72 bytes of key (OpenBSD bcrypt(3)). */
const BCRYPT_MAX_PASSWORD_BYTES = 72;

/**
 * What checks a password against a well-formed bcrypt hash (the caller has checked the
 * format and length): true on a match, compared in constant time.
 */
export type BcryptVerifier = (password: string, stored: string) => Promise<boolean>;

/** bcrypt on hash-wasm's WebAssembly. */
export const wasmBcryptVerify: BcryptVerifier = (password, stored) =>
  bcryptVerify({ password: utf8(password), hash: stored });

/** True when `stored` is a bcrypt hash in the accepted, strictly formatted subset. */
export function isBcryptHash(stored: string): boolean {
  return BCRYPT_HASH.test(stored);
}

/**
 * Verifies `password` against a legacy bcrypt hash with `verifier`. Rejects only with the
 * verifier's `BusyError`; otherwise an
 * unaccepted format, an empty password or one longer than 72 UTF-8 bytes is `false`. Longer
 * passwords are refused instead of truncated, since truncation would let every password
 * sharing the first 72 bytes match. No pepper is applied: legacy hashes were never peppered.
 */
export async function verifyBcrypt(
  verifier: BcryptVerifier,
  stored: string,
  password: string,
): Promise<boolean> {
  if (!isBcryptHash(stored)) return false;
  const passwordBytes = utf8(password);
  if (passwordBytes.length === 0 || passwordBytes.length > BCRYPT_MAX_PASSWORD_BYTES) return false;
  try {
    return await verifier(password, stored);
  } catch (error) {
    if (error instanceof BusyError) throw error;
    return false;
  }
}
