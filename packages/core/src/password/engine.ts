import { argon2id } from 'hash-wasm';

/** One argon2id computation (RFC 9106 §3.1): every input the tag depends on. */
export interface Argon2idInput {
  readonly password: string;
  readonly salt: Uint8Array;
  /** The secret `K` (pepper), or `null`. */
  readonly secret: Uint8Array | null;
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  /** Tag length in bytes. */
  readonly hashLength: number;
}

/**
 * The raw argon2id function a hasher computes with. The hasher owns everything around it
 * (PHC encoding, parsing, cost caps, constant-time comparison, bcrypt), so two engines
 * that compute the same function write and accept the same PHC strings. An engine may
 * reject; the hasher's `verify` turns that into `false`, except for {@link BusyError}.
 */
export type Argon2idEngine = (input: Argon2idInput) => Promise<Uint8Array>;

/**
 * The portable engine: hash-wasm's WebAssembly argon2id. It runs on the calling thread, so
 * on a server each hash blocks that thread's event loop for its whole duration.
 */
export const wasmArgon2id: Argon2idEngine = (input) =>
  argon2id({
    password: input.password,
    salt: input.salt,
    ...(input.secret ? { secret: input.secret } : {}),
    memorySize: input.memoryKiB,
    iterations: input.iterations,
    parallelism: input.parallelism,
    hashLength: input.hashLength,
    outputType: 'binary',
  });
