import { hex, utf8 } from './encoding.ts';

/**
 * SHA-256 of a high-entropy token, hex encoded. Used to store bearer secrets (session
 * secrets, refresh tokens, link tokens): with ≥128 bits of entropy no salt or slow hash
 * is needed, and a database leak yields nothing usable.
 */
export async function sha256Hex(value: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(value))));
}

/** `secret` as a non-extractable HMAC-SHA256 WebCrypto key for one use (`sign` or `verify`). */
export function importHmacKey(secret: Uint8Array, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

/**
 * Signing keys per secret buffer. Importing costs about as much as the HMAC itself, and the
 * secrets are long-lived (`config.secret`, a rate limiter's own copy), so each is imported
 * once. The bytes are read on first use: a buffer passed here must not change afterwards.
 */
const signingKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** HMAC-SHA256 (RFC 2104) of `message` under `key`, hex encoded. */
export async function hmacSha256Hex(key: Uint8Array, message: string): Promise<string> {
  let cryptoKey = signingKeys.get(key);
  if (!cryptoKey) {
    cryptoKey = importHmacKey(key, 'sign');
    signingKeys.set(key, cryptoKey);
  }
  return hex(new Uint8Array(await crypto.subtle.sign('HMAC', await cryptoKey, utf8(message))));
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
