import type { AuthConfig } from '../config.ts';
import { hmacSha256Hex, isRandomToken } from '../primitives/index.ts';
import type { VerificationPurpose } from '../repos.ts';

/** Six decimal digits, as typed by a person. */
export const CODE_PATTERN = /^\d{6}$/;
/** Link tokens (and MFA challenges): 256 random bits, base64url. */
export const LINK_TOKEN_BITS = 256;

/** Whether a presented value has the shape of a link token (checked before any lookup). */
export function isLinkToken(token: unknown): token is string {
  return isRandomToken(token, LINK_TOKEN_BITS);
}

/**
 * Codes have only 10^6 values, so a plain hash would be reversed instantly from a leaked
 * table. They are stored as HMAC-SHA256 under the server secret, bound to purpose and
 * user: without the secret a leaked hash is useless, and a code for one user or purpose
 * never matches another.
 */
export function codeHash(
  config: AuthConfig,
  purpose: VerificationPurpose,
  userId: string,
  code: string,
): Promise<string> {
  return hmacSha256Hex(config.secret, `${purpose}\u0000${userId}\u0000${code}`);
}
