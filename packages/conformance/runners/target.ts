import * as memory from '@portcullis/adapter-memory';
import * as core from '@portcullis/core';
import * as passkeys from '@portcullis/core/passkeys';
import * as testing from '@portcullis/core/testing';
import type { ConformanceTarget, MintedHash } from '../src/index.ts';

/**
 * The target every runner injects: the packages as this runtime loaded them (sources under
 * Bun and Deno, a bundle inside workerd, vite's transform under vitest).
 */
export function loadedTarget(
  runtime: string,
  expectedEngine: ConformanceTarget['expectedEngine'],
  minted: readonly MintedHash[] = [],
): ConformanceTarget {
  return { runtime, core, testing, passkeys, memory, expectedEngine, minted };
}
