import { hex, utf8 } from './encoding.ts';

/**
 * SHA-256 of a high-entropy token, hex encoded. Used to store bearer secrets (session
 * secrets, refresh tokens, link tokens): with ≥128 bits of entropy no salt or slow hash
 * is needed, and a database leak yields nothing usable.
 */
export async function sha256Hex(value: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(value))));
}

/** HMAC-SHA256 (RFC 2104) of `message` under `key`, hex encoded. */
export async function hmacSha256Hex(
  key: Uint8Array<ArrayBuffer>,
  message: string,
): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hex(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8(message))));
}

/**
 * Compares two strings in time that depends only on their lengths, so a stored hash
 * cannot be guessed byte by byte from response timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
