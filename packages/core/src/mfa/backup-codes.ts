/**
 * Backup codes: ten single-use codes shown once at enrolment (and on regeneration), for a
 * user without their authenticator. Each is 12 characters of Crockford's base32, 60 random
 * bits, so they are stored as HMAC-SHA256 under the server secret, bound to the user, not
 * with argon2id: a 60-bit random value cannot be searched offline even from a plain hash,
 * and the HMAC also makes a leaked table useless without the secret (docs/mfa.md).
 */
import type { AuthConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import type { RandomSource } from '../primitives/index.ts';
import { hmacSha256Hex } from '../primitives/index.ts';

/** How many codes a set holds. */
export const BACKUP_CODE_COUNT = 10;
const CODE_LENGTH = 12;
/** Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `count` fresh codes, formatted `XXXX-XXXX-XXXX`. */
export function generateBackupCodes(random: RandomSource, count = BACKUP_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    // 256 is a multiple of 32: `byte & 31` is uniform.
    const chars = Array.from(random.bytes(CODE_LENGTH), (byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/**
 * The canonical form of a typed code: case, spaces and hyphens ignored, and Crockford's
 * look-alikes (O → 0, I/L → 1) mapped. Throws `InputError` (`code`, `invalid_format`) for
 * anything that cannot be a backup code, before any lookup.
 */
export function normalizeBackupCode(code: string): string {
  if (code.length > 64) throw new InputError([{ field: 'code', problem: 'too_long' }]);
  const canonical = code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (canonical.length !== CODE_LENGTH || [...canonical].some((c) => !ALPHABET.includes(c))) {
    throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
  }
  return canonical;
}

/** HMAC-SHA256 of a canonical code, bound to its user (a code of one user never matches another's). */
export function backupCodeHash(
  config: AuthConfig,
  userId: string,
  canonical: string,
): Promise<string> {
  return hmacSha256Hex(config.secret, `backup_code\u0000${userId}\u0000${canonical}`);
}
