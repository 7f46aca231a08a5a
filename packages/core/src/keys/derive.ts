/**
 * One secret, independent keys (HKDF-SHA256, RFC 5869, on WebCrypto). An app keeps one
 * high-entropy secret; each use gets its own key, so the key that signs access tokens is
 * never also the one that MACs verification codes or names rate-limit buckets, and none of
 * them reveals another.
 */
import { ConfigError } from '../errors.ts';
import { utf8 } from '../primitives/index.ts';

/** The keys `deriveKeys` returns, 32 bytes each. */
export interface DerivedKeys {
  /** `config.secret`: keys the HMACs of verification codes and challenges. */
  readonly serverSecret: Uint8Array<ArrayBuffer>;
  /** The secret of an HS256 access-token key (`accessToken.keys[i].secret`). */
  readonly accessTokenSecret: Uint8Array<ArrayBuffer>;
  /** `createRateLimiter({ secret })`: keys the bucket names. */
  readonly rateLimitSecret: Uint8Array<ArrayBuffer>;
  /** An AES-256 key for `mfa.secretBoxKeys` (TOTP secrets encrypted at rest). */
  readonly secretBoxKey: Uint8Array<ArrayBuffer>;
}

/** Versioned labels (RFC 5869 §3.2 `info`): a new label is a new, unrelated key. */
const PURPOSES = {
  serverSecret: 'portcullis/v1/server-secret',
  accessTokenSecret: 'portcullis/v1/access-token-hs256',
  rateLimitSecret: 'portcullis/v1/rate-limit',
  secretBoxKey: 'portcullis/v1/secret-box',
} as const satisfies Record<keyof DerivedKeys, string>;

/** A fixed, public salt (RFC 5869 §3.1 allows one; the input is already a uniform secret). */
export const KEY_SALT = utf8('portcullis-derive-keys');

/** HKDF-SHA256 (RFC 5869 §2) of `ikm`: `length` bytes for `info`. */
export async function hkdfSha256(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(ikm), 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(salt), info: new Uint8Array(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Derives every key Portcullis needs from one secret of at least 32 bytes (a string is
 * taken as its UTF-8 bytes; generate it randomly, e.g. 32 bytes base64url). The same
 * secret always gives the same keys, so every instance of an app agrees. Throws
 * `ConfigError` for a shorter secret.
 */
export async function deriveKeys(secret: string | Uint8Array): Promise<DerivedKeys> {
  const ikm = typeof secret === 'string' ? utf8(secret) : secret;
  if (!(ikm instanceof Uint8Array) || ikm.byteLength < 32) {
    throw new ConfigError('deriveKeys needs a secret of at least 32 bytes');
  }
  const derive = (purpose: keyof DerivedKeys) =>
    hkdfSha256(ikm, KEY_SALT, utf8(PURPOSES[purpose]), 32);
  const [serverSecret, accessTokenSecret, rateLimitSecret, secretBoxKey] = await Promise.all([
    derive('serverSecret'),
    derive('accessTokenSecret'),
    derive('rateLimitSecret'),
    derive('secretBoxKey'),
  ]);
  return { serverSecret, accessTokenSecret, rateLimitSecret, secretBoxKey };
}
