import type * as AdapterMemory from '@portcullis/adapter-memory';
import type * as Core from '@portcullis/core';
import type * as Passkeys from '@portcullis/core/passkeys';
import type * as Testing from '@portcullis/core/testing';

/** What one runtime computed for the others to check: a password hash and derived keys. */
export interface MintedHash {
  readonly runtime: string;
  /** The engine the runtime's default hasher chose (`hash-wasm` or `portable`). */
  readonly engine: string;
  readonly phc: string;
  /** That runtime's `deriveKeys` of the shared secret (cases/keys.ts), as hex. */
  readonly derivedKeys: string;
}

/**
 * What the suite runs against, injected by each runner: the modules under test as that
 * runtime loaded them, never imported by the suite itself.
 */
export interface ConformanceTarget {
  /** `node`, `bun`, `deno`, `workerd`: names results and minted hashes. */
  readonly runtime: string;
  readonly core: typeof Core;
  readonly testing: typeof Testing;
  /** `@portcullis/core/passkeys`, a subpath of its own. */
  readonly passkeys: typeof Passkeys;
  readonly memory: typeof AdapterMemory;
  /** The engine `selectPasswordEngine` must choose here. */
  readonly expectedEngine: 'hash-wasm' | 'portable';
  /** Hashes minted on other runtimes (possibly none), each of which must verify here. */
  readonly minted?: readonly MintedHash[];
}
