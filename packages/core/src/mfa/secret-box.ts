/**
 * A small secret box: AES-256-GCM (NIST SP 800-38D) on WebCrypto, for secrets that must be
 * read back (TOTP seeds), as opposed to hashed. Each sealed value names the key that
 * sealed it, so keys rotate without re-enrolment: add a new key, make it current, and old
 * values keep opening with the old key until they are sealed again.
 *
 * Sealed form: `v1.<keyId>.<iv>.<ciphertext‖tag>` (base64url). The 96-bit IV is random per
 * seal (SP 800-38D §8.2.2; far below the 2^32 seals per key the random construction
 * allows). `context` is additional authenticated data: a value sealed for one user or row
 * does not open for another, so a database writer cannot move a seed between accounts.
 */
import { ConfigError, SecretUnreadableError } from '../errors.ts';
import type { RandomSource } from '../primitives/index.ts';
import { base64url, fromBase64url, utf8 } from '../primitives/index.ts';

/** One AES-256 key of a secret box. */
export interface SecretBoxKey {
  /** Stored in every value it seals: 1–32 characters of `[A-Za-z0-9_-]`. */
  readonly id: string;
  /** 32 random bytes (for example `deriveKeys(secret).secretBoxKey`). */
  readonly key: Uint8Array;
}

export interface SecretBoxOptions {
  /** Every key that may open a value; the current one seals. */
  readonly keys: readonly SecretBoxKey[];
  /** The key that seals new values. Default: the first key. */
  readonly currentKeyId?: string;
  readonly random: RandomSource;
}

/** Seals and opens secrets stored at rest. */
export interface SecretBox {
  /** Encrypts `plaintext` under the current key, bound to `context`. */
  seal(plaintext: Uint8Array, context: string): Promise<string>;
  /**
   * Decrypts a value `seal` returned with the same `context`. Throws
   * `SecretUnreadableError` for a malformed value, an unknown key id, or a value or context
   * that was altered (the GCM tag fails): never a wrong plaintext.
   */
  open(sealed: string, context: string): Promise<Uint8Array<ArrayBuffer>>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;

/** Builds a secret box. Throws `ConfigError` for no keys, a key not 32 bytes, a bad or repeated id. */
export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const keys = new Map<string, Promise<CryptoKey>>();
  for (const { id, key } of options.keys) {
    if (typeof id !== 'string' || !KEY_ID.test(id))
      throw new ConfigError('secret box key ids must be 1–32 characters of [A-Za-z0-9_-]');
    if (keys.has(id)) throw new ConfigError(`secret box has two keys with id "${id}"`);
    if (!(key instanceof Uint8Array) || key.byteLength !== 32)
      throw new ConfigError(`secret box key "${id}" must be 32 bytes`);
    const raw = new Uint8Array(key);
    keys.set(id, crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }
  const currentId = options.currentKeyId ?? options.keys[0]?.id;
  if (currentId === undefined) throw new ConfigError('secret box needs at least one key');
  const current = keys.get(currentId);
  if (!current) throw new ConfigError(`secret box current key "${currentId}" is not configured`);

  return {
    async seal(plaintext, context) {
      const iv = options.random.bytes(IV_BYTES);
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: utf8(context) },
        await current,
        new Uint8Array(plaintext),
      );
      return `v1.${currentId}.${base64url(iv)}.${base64url(new Uint8Array(ciphertext))}`;
    },

    async open(sealed, context) {
      const [version, keyId, ivText, ciphertextText, ...rest] = sealed.split('.');
      const key = keyId === undefined ? undefined : keys.get(keyId);
      if (version !== 'v1' || rest.length > 0 || ivText === undefined) {
        throw new SecretUnreadableError('The sealed secret is malformed');
      }
      if (!key) throw new SecretUnreadableError(`No secret box key "${keyId}" is configured`);
      const iv = fromBase64url(ivText);
      const ciphertext = fromBase64url(ciphertextText ?? '');
      if (iv?.byteLength !== IV_BYTES || ciphertext === null || ciphertext.byteLength < 16) {
        throw new SecretUnreadableError('The sealed secret is malformed');
      }
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: utf8(context) },
          await key,
          ciphertext,
        );
        return new Uint8Array(plaintext);
      } catch (cause) {
        throw new SecretUnreadableError('The sealed secret failed authentication', { cause });
      }
    },
  };
}
