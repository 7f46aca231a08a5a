/** PKCE (RFC 7636) with the S256 method only: `plain` would hand the verifier to anyone who sees the URL. */
import type { RandomSource } from '../primitives/index.ts';
import { base64url, randomToken, utf8 } from '../primitives/index.ts';

/** A fresh code verifier: 256 random bits, 43 base64url characters (RFC 7636 §4.1, §7.1). */
export function newCodeVerifier(random: RandomSource): string {
  return randomToken(random, 256);
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))`, the S256 code challenge (RFC 7636 §4.2). */
export async function codeChallengeS256(codeVerifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8(codeVerifier));
  return base64url(new Uint8Array(digest));
}
