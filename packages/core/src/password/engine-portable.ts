import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hash as bcryptHash } from 'bcrypt-ts/browser';
import { constantTimeEqual } from '../primitives/index.ts';
import type { BcryptVerifier } from './bcrypt.ts';
import type { Argon2idEngine } from './engine.ts';

/** A bcrypt hash's prefix, cost and salt: `$2b$NN$` + 22 characters. */
const BCRYPT_SETTINGS_LENGTH = 29;

/**
 * argon2id in plain JavaScript (@noble/hashes): runs wherever JavaScript does, including
 * Cloudflare Workers, which refuse to compile WebAssembly inside a request. Slower than
 * hash-wasm's (docs/runtimes.md), the same tag for the same input.
 */
export const portableArgon2id: Argon2idEngine = (input) =>
  argon2idAsync(input.password, input.salt, {
    m: input.memoryKiB,
    t: input.iterations,
    p: input.parallelism,
    dkLen: input.hashLength,
    ...(input.secret ? { key: input.secret } : {}),
  });

/** bcrypt verification in plain JavaScript (bcrypt-ts's WebCrypto-only entry). */
export const portableBcryptVerify: BcryptVerifier = async (password, stored) => {
  // bcrypt-ts's own compare uses `===`; recompute and compare in constant time instead.
  const computed = await bcryptHash(password, stored.slice(0, BCRYPT_SETTINGS_LENGTH));
  return constantTimeEqual(computed, stored);
};
