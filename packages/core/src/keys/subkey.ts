import { utf8 } from '../primitives/index.ts';
import { hkdfSha256, KEY_SALT } from './derive.ts';

/**
 * A 32-byte key for one use inside core, derived from `config.secret` (itself
 * `deriveKeys(...).serverSecret` in the examples) with HKDF-SHA256 under the versioned
 * label `portcullis/v1/<purpose>` (RFC 5869 §3.2 `info`). A MAC made with it can never be
 * confused with one made with the secret itself or with another purpose's key.
 */
export function deriveSubkey(
  secret: Uint8Array,
  purpose: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return hkdfSha256(secret, KEY_SALT, utf8(`portcullis/v1/${purpose}`), 32);
}
