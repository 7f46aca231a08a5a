/**
 * Password handling: normalise untrusted input (NIST SP 800-63B §5.1.1.2), hash with
 * argon2id (RFC 9106), verify argon2id and legacy bcrypt, and flag hashes to migrate.
 */

export type { Argon2idHasher, Argon2idHasherOptions, PasswordAlgorithm } from './argon2id.ts';
export { createArgon2idHasher } from './argon2id.ts';
export type { BcryptVerifier } from './bcrypt.ts';
export { wasmBcryptVerify } from './bcrypt.ts';
export type { HasherConcurrencyOptions } from './bounded.ts';
export { limitHasherConcurrency } from './bounded.ts';
export type { RangeApiOptions } from './breached.ts';
export { createRangeApiBreachChecker } from './breached.ts';
export type { Argon2idEngine, Argon2idInput } from './engine.ts';
export { wasmArgon2id } from './engine.ts';
export { portableArgon2id, portableBcryptVerify } from './engine-portable.ts';
export { createPasswordHasher } from './from-config.ts';
export type { PasswordHasher } from './hasher.ts';
export type { PasswordPolicy } from './normalize.ts';
export { normalizePassword } from './normalize.ts';
export type { PasswordEngine } from './runtime-engine.ts';
export {
  canCompileWasm,
  defaultPasswordEngine,
  hashWasmEngine,
  portableEngine,
  runtimePasswordEngine,
  selectPasswordEngine,
} from './runtime-engine.ts';
export type {
  BreachedPasswordChecker,
  PasswordRefusal,
  PasswordScreen,
  PasswordScreenOptions,
} from './screen.ts';
export { createPasswordScreen, isCommonPassword } from './screen.ts';
