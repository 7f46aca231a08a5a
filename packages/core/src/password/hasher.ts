/**
 * The seam every password hashing implementation plugs into: the default argon2id on
 * hash-wasm, a native one (`@portcullis/hasher-node`), or your own. Inputs are passwords
 * already normalised by `normalizePassword`; outputs are PHC strings.
 *
 * A hasher with bounded capacity (`limitHasherConcurrency`) may reject `hash` and
 * `verify` with `BusyError` before doing any work; that is the only rejection `verify`
 * may produce, and flows pass it through to the caller untouched.
 */
export interface PasswordHasher {
  /** Hashes with the configured argon2id parameters and a fresh random salt. */
  hash(password: string): Promise<string>;
  /**
   * True only when `password` matches `storedHash`. Never throws for a malformed,
   * unsupported or over-limit stored hash, or for input the algorithm cannot take:
   * those are plain `false`. Rejects with `BusyError` when the hasher is too busy to
   * check, which is not a wrong password.
   */
  verify(storedHash: string, password: string): Promise<boolean>;
  /** True when `storedHash` is not argon2id at the configured parameters. */
  needsRehash(storedHash: string): boolean;
  /** The algorithm name of a stored hash for audit events (`argon2id`, `bcrypt`, `unknown`). */
  algorithmOf(storedHash: string): string;
  /**
   * A stored-hash string at the current parameters that no password matches (a random
   * salt and tag). Sign-in verifies an unknown email against it, which costs exactly one
   * `verify`, from the first request on. Optional: without it, sign-in hashes a fixed
   * password once per hasher instead, so the first unknown email costs one extra hash.
   */
  unmatchableHash?(): string;
}
