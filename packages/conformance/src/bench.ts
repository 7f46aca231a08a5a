/**
 * Password-hash timing for docs/runtimes.md (`pnpm --filter @portcullis/conformance bench`),
 * never a test. Each run hashes at core's default cost (OWASP: m=19456 KiB, t=2, p=1).
 */
import type { ConformanceTarget } from './target.ts';

/** The engines a runtime can be timed with. */
export type BenchEngine = 'hash-wasm' | 'portable';

/** Hashes `count` passwords with `engine` at the default cost. */
export async function hashRepeatedly(
  { core }: ConformanceTarget,
  engine: BenchEngine,
  count: number,
): Promise<void> {
  const chosen = engine === 'hash-wasm' ? core.hashWasmEngine : core.portableEngine;
  const hasher = core.createArgon2idHasher({
    params: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
    verifyLimits: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
    pepper: null,
    engine: chosen.argon2id,
  });
  for (let i = 0; i < count; i++) await hasher.hash(`benchmark password ${i}`);
}

/**
 * Milliseconds per hash for both engines, measured in-process and interleaved (one hash of
 * each in turn), so a change in the machine's load skews both alike. Not for workerd, whose
 * clock stands still while a request computes.
 */
export async function msPerHash(target: ConformanceTarget, count: number) {
  const engines: BenchEngine[] = ['hash-wasm', 'portable'];
  const total = { 'hash-wasm': 0, portable: 0 };
  for (const engine of engines) await hashRepeatedly(target, engine, 1);
  for (let i = 0; i < count; i++) {
    for (const engine of engines) {
      const started = performance.now();
      await hashRepeatedly(target, engine, 1);
      total[engine] += performance.now() - started;
    }
  }
  return { 'hash-wasm': total['hash-wasm'] / count, portable: total.portable / count };
}
