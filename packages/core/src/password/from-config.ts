import type { AuthConfig } from '../config.ts';
import type { RandomSource } from '../primitives/index.ts';
import { type Argon2idHasher, createArgon2idHasher } from './argon2id.ts';

/**
 * The password hasher an `AuthConfig` describes: argon2id at `config.password.argon2`,
 * refusing stored hashes above `config.password.verifyLimits`, peppered with
 * `config.password.pepper` when set. `random` (default WebCrypto) supplies salts.
 */
export function createPasswordHasher(config: AuthConfig, random?: RandomSource): Argon2idHasher {
  return createArgon2idHasher({
    params: config.password.argon2,
    verifyLimits: config.password.verifyLimits,
    pepper: config.password.pepper,
    ...(random ? { random } : {}),
  });
}
