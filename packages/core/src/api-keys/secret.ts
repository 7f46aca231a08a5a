/**
 * The presented form of an API key and how its secret is stored.
 *
 * A key is `pcl_<id>.<secret>`: `pcl_<id>` is its prefix, shown in listings and logs so
 * an owner can tell keys apart; `<secret>` is 256 random bits (43 base64url characters)
 * shown once, at creation or rotation. The id finds the row; the secret proves the key.
 *
 * The secret is stored as HMAC-SHA256 (RFC 2104) under a key derived from `config.secret`
 * (HKDF label `portcullis/v1/api-key`), not argon2id: a 256-bit random secret cannot be
 * guessed offline whatever the hash, so a slow hash would only add its cost (tens of
 * milliseconds of CPU and memory) to every API request, a denial-of-service lever for
 * anyone who sends keys. The HMAC key also means a copy of the database alone cannot
 * even test a candidate.
 */
import { deriveSubkey } from '../keys/index.ts';
import type { RandomSource } from '../primitives/index.ts';
import { hmacSha256Hex, randomId, randomToken } from '../primitives/index.ts';

/** The visible start of every key, so secret scanners and humans recognise one. */
export const API_KEY_PREFIX = 'pcl_';

/** `pcl_`, the 22-character id, a dot, the 43-character secret. Nothing else is ours. */
const KEY_SHAPE = /^pcl_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** A presented key split into its parts. */
export interface PresentedApiKey {
  readonly id: string;
  readonly secret: string;
}

/** Splits a presented key, or `null` when it cannot be one of ours (refused unread). */
export function parseApiKey(value: string): PresentedApiKey | null {
  const match = KEY_SHAPE.exec(value);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

/** A fresh key: its id, its secret and the string handed to the owner once. */
export function newApiKey(random: RandomSource): PresentedApiKey & { readonly apiKey: string } {
  const id = randomId(random);
  const secret = randomToken(random, 256);
  return { id, secret, apiKey: `${API_KEY_PREFIX}${id}.${secret}` };
}

/** The prefix listings show for a key id. */
export function apiKeyPrefix(id: string): string {
  return `${API_KEY_PREFIX}${id}`;
}

/** One derived key per server secret buffer. */
const hashKeys = new WeakMap<Uint8Array, Promise<Uint8Array>>();

/** The stored form of a secret: hex HMAC-SHA256 under the derived API-key key. */
export async function apiKeySecretHash(serverSecret: Uint8Array, secret: string): Promise<string> {
  let key = hashKeys.get(serverSecret);
  if (!key) {
    key = deriveSubkey(serverSecret, 'api-key');
    hashKeys.set(serverSecret, key);
  }
  return hmacSha256Hex(await key, secret);
}
