import { exportJWK, generateKeyPair } from 'jose';
import type { AccessTokenAlgorithm, AccessTokenKeyInput } from '../config.ts';
import { ConfigError } from '../errors.ts';

/**
 * Generates a fresh access-token key, ready for `accessToken.keys`: HS256 gets 32 bytes from
 * WebCrypto's CSPRNG (RFC 7518 §3.2's minimum), EdDSA (Ed25519) and ES256 (P-256) a key pair
 * exported as JWKs so it can be stored as JSON. Rotate by adding the new key and switching
 * `signingKid`; keep the old key until every token it signed has expired.
 */
export async function generateAccessTokenKey(
  alg: AccessTokenAlgorithm,
  kid: string,
): Promise<AccessTokenKeyInput> {
  if (typeof kid !== 'string' || kid.trim() === '')
    throw new ConfigError('kid must be a non-empty string');
  if (alg === 'HS256') return { kid, alg, secret: crypto.getRandomValues(new Uint8Array(32)) };
  if (alg !== 'EdDSA' && alg !== 'ES256')
    throw new ConfigError('alg must be HS256, EdDSA or ES256');
  const pair = await generateKeyPair(alg, { extractable: true });
  const [publicKey, privateKey] = await Promise.all([
    exportJWK(pair.publicKey),
    exportJWK(pair.privateKey),
  ]);
  return { kid, alg, publicKey, privateKey };
}
