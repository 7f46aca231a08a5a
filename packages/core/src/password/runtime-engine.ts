import { type BcryptVerifier, wasmBcryptVerify } from './bcrypt.ts';
import { type Argon2idEngine, wasmArgon2id } from './engine.ts';
import { portableArgon2id, portableBcryptVerify } from './engine-portable.ts';

/** One implementation of both algorithms a hasher computes: argon2id, and bcrypt to verify. */
export interface PasswordEngine {
  /** `hash-wasm`, `portable` or `runtime`, for diagnostics and benchmarks. */
  readonly name: string;
  readonly argon2id: Argon2idEngine;
  readonly bcryptVerify: BcryptVerifier;
}

/** hash-wasm's WebAssembly: the faster engine, where the runtime compiles WebAssembly. */
export const hashWasmEngine: PasswordEngine = {
  name: 'hash-wasm',
  argon2id: wasmArgon2id,
  bcryptVerify: wasmBcryptVerify,
};

/** Plain JavaScript (@noble/hashes, bcrypt-ts): runs anywhere, including Workers. */
export const portableEngine: PasswordEngine = {
  name: 'portable',
  argon2id: portableArgon2id,
  bcryptVerify: portableBcryptVerify,
};

/** The smallest valid WebAssembly module: magic number and version, no sections. */
const EMPTY_WASM_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * True when this runtime lets code compile WebAssembly now. Workers answer no inside a
 * request ("Wasm code generation disallowed by embedder": they run only modules bundled at
 * deploy time), as do runtimes with WebAssembly disabled; Node, Bun and Deno answer yes.
 */
export async function canCompileWasm(): Promise<boolean> {
  try {
    await WebAssembly.compile(EMPTY_WASM_MODULE);
    return true;
  } catch {
    return false;
  }
}

/** hash-wasm where `canCompile` says WebAssembly compiles, the portable engine elsewhere. */
export async function selectPasswordEngine(
  canCompile: () => Promise<boolean> = canCompileWasm,
): Promise<PasswordEngine> {
  return (await canCompile()) ? hashWasmEngine : portableEngine;
}

/**
 * An engine that chooses on first use and keeps the answer. The probe runs where hashing
 * runs, so inside a Worker it sees a request's rules, not start-up's (which allow compiling).
 */
export function runtimePasswordEngine(
  canCompile: () => Promise<boolean> = canCompileWasm,
): PasswordEngine {
  let chosen: Promise<PasswordEngine> | null = null;
  const engine = () => {
    chosen ??= selectPasswordEngine(canCompile);
    return chosen;
  };
  return {
    name: 'runtime',
    argon2id: async (input) => (await engine()).argon2id(input),
    bcryptVerify: async (password, stored) => (await engine()).bcryptVerify(password, stored),
  };
}

/** What every hasher computes with unless given an engine: {@link runtimePasswordEngine}. */
export const defaultPasswordEngine: PasswordEngine = runtimePasswordEngine();
