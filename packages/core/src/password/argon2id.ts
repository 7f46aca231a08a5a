import type { Argon2Params } from '../config.ts';
import { BusyError, ConfigError, InputError } from '../errors.ts';
import { constantTimeEqual, cryptoRandom, hex, type RandomSource } from '../primitives/index.ts';
import { type BcryptVerifier, isBcryptHash, verifyBcrypt } from './bcrypt.ts';
import type { Argon2idEngine } from './engine.ts';
import type { PasswordHasher } from './hasher.ts';
import { encodeArgon2idPhc, parseArgon2idPhc, withinLimits } from './phc.ts';
import { defaultPasswordEngine } from './runtime-engine.ts';

/** What {@link createArgon2idHasher} needs. */
export interface Argon2idHasherOptions {
  /** Cost of new hashes (RFC 9106 §4; OWASP: m=19456 KiB, t=2, p=1). */
  readonly params: Argon2Params;
  /**
   * Highest cost a stored hash may declare before `verify` refuses it without computing,
   * so a planted `m=4294967295` cannot exhaust memory. Must be at least `params`.
   */
  readonly verifyLimits: Argon2Params;
  /**
   * Argon2's secret input `K` (RFC 9106 §3.1), kept outside the database so a stolen
   * table cannot be cracked offline without it. Adding, removing or changing it makes
   * every argon2id hash written under another pepper fail to verify.
   */
  readonly pepper: Uint8Array | null;
  /** Salt source; default WebCrypto's CSPRNG. */
  readonly random?: RandomSource;
  /**
   * What computes argon2id. Default {@link defaultPasswordEngine}: hash-wasm's WebAssembly
   * where the runtime compiles WebAssembly (Node, Bun, Deno), plain JavaScript where it
   * does not (Workers); both run on the calling thread. `@portcullis/hasher-node` passes a
   * native one that runs on libuv's thread pool. Every engine reads and writes the same PHC
   * strings.
   */
  readonly engine?: Argon2idEngine;
  /** What verifies legacy bcrypt hashes; default chosen per runtime like `engine`. */
  readonly bcryptVerify?: BcryptVerifier;
}

/** Algorithm names `algorithmOf` reports, for audit events. */
export type PasswordAlgorithm = 'argon2id' | 'bcrypt' | 'unknown';

/** The argon2id hasher: a {@link PasswordHasher} whose `algorithmOf` names a known set. */
export interface Argon2idHasher extends PasswordHasher {
  algorithmOf(storedHash: string): PasswordAlgorithm;
  unmatchableHash(): string;
}

/** RFC 9106 §4 recommends a 128-bit salt and a 256-bit tag. */
const SALT_BYTES = 16;
const HASH_BYTES = 32;

function checkParams(name: string, params: Argon2Params): void {
  const { memoryKiB, iterations, parallelism } = params;
  const valid =
    [memoryKiB, iterations, parallelism].every((n) => Number.isSafeInteger(n) && n >= 1) &&
    memoryKiB >= 8 * parallelism;
  if (!valid)
    throw new ConfigError(`${name} must be positive integers with memoryKiB ≥ 8 × parallelism`);
}

/**
 * The default {@link PasswordHasher}: argon2id (RFC 9106) on a runtime-chosen engine, writing PHC
 * strings, verifying argon2id v19 and legacy bcrypt (`$2a$`/`$2b$`/`$2y$`) hashes.
 * `verify` rejects only with the engine's `BusyError`: a malformed, foreign, over-limit or
 * unsupported stored hash, or any other engine failure, is `false`, so a corrupted or planted row cannot turn sign-in into a 500 or a DoS.
 *
 * @throws ConfigError when `params` are invalid or exceed `verifyLimits` (the hasher would
 *   write hashes it then refuses to verify).
 */
export function createArgon2idHasher(options: Argon2idHasherOptions): Argon2idHasher {
  const { params, verifyLimits } = options;
  checkParams('password.argon2', params);
  checkParams('password.verifyLimits', verifyLimits);
  if (!withinLimits(params, verifyLimits)) {
    throw new ConfigError('password.argon2 must not exceed password.verifyLimits');
  }
  const random = options.random ?? cryptoRandom;
  const engine = options.engine ?? defaultPasswordEngine.argon2id;
  const bcryptVerifier = options.bcryptVerify ?? defaultPasswordEngine.bcryptVerify;
  // Copied so later mutation of the caller's buffer cannot change the pepper.
  const secret = options.pepper ? new Uint8Array(options.pepper) : null;
  let unmatchable: string | undefined;

  return {
    async hash(password) {
      // A normalised password is never empty; an engine would throw a bare Error on one.
      if (typeof password !== 'string')
        throw new InputError([{ field: 'password', problem: 'invalid_type' }]);
      if (password.length === 0)
        throw new InputError([{ field: 'password', problem: 'too_short' }]);
      const salt = random.bytes(SALT_BYTES);
      const { memoryKiB, iterations, parallelism } = params;
      const tag = await engine({
        password,
        salt,
        secret,
        memoryKiB,
        iterations,
        parallelism,
        hashLength: HASH_BYTES,
      });
      return encodeArgon2idPhc(params, salt, tag);
    },

    async verify(storedHash, password) {
      try {
        if (typeof storedHash !== 'string' || typeof password !== 'string') return false;
        if (isBcryptHash(storedHash))
          return await verifyBcrypt(bcryptVerifier, storedHash, password);
        const stored = parseArgon2idPhc(storedHash);
        // The caps check comes before any hashing: refusing costs nothing, computing a
        // planted cost could allocate gigabytes or run for minutes.
        if (!stored || !withinLimits(stored, verifyLimits) || password.length === 0) return false;
        const computed = await engine({
          password,
          salt: stored.salt,
          secret,
          memoryKiB: stored.memoryKiB,
          iterations: stored.iterations,
          parallelism: stored.parallelism,
          hashLength: stored.hash.length,
        });
        // Constant-time comparison, so response timing reveals nothing about the tag.
        return constantTimeEqual(hex(computed), hex(stored.hash));
      } catch (error) {
        // "Too busy to check" is not "wrong password": it must not become a failed
        // sign-in (an audit event, a lockout count) but a retryable refusal.
        if (error instanceof BusyError) throw error;
        return false;
      }
    },

    unmatchableHash() {
      // A random 256-bit tag: no password hashes to it (2^-256), yet verifying against it
      // runs argon2id at exactly the configured cost.
      unmatchable ??= encodeArgon2idPhc(params, random.bytes(SALT_BYTES), random.bytes(HASH_BYTES));
      return unmatchable;
    },

    needsRehash(storedHash) {
      // Both weaker and stronger hashes migrate, so every row converges on the configured
      // cost; bcrypt, argon2i/d and anything unparseable always migrate.
      const stored = typeof storedHash === 'string' ? parseArgon2idPhc(storedHash) : null;
      return (
        stored === null ||
        stored.memoryKiB !== params.memoryKiB ||
        stored.iterations !== params.iterations ||
        stored.parallelism !== params.parallelism
      );
    },

    algorithmOf(storedHash) {
      if (typeof storedHash !== 'string') return 'unknown';
      if (parseArgon2idPhc(storedHash)) return 'argon2id';
      return isBcryptHash(storedHash) ? 'bcrypt' : 'unknown';
    },
  };
}
