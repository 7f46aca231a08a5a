/**
 * Password-hash timing for docs/runtimes.md (`pnpm --filter @portcullis/conformance bench`),
 * never a test. Each run hashes at core's default cost (OWASP: m=19456 KiB, t=2, p=1).
 */
import type { ConformanceTarget } from './target.ts';

/** The engines a runtime can be timed with. */
export type BenchEngine = 'hash-wasm' | 'portable';

/** Hashes `count` passwords with `engine` at the default cost (one warm-up first). */
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

/** Milliseconds per hash, measured in-process (not in workerd, whose clock stops during CPU work). */
export async function msPerHash(target: ConformanceTarget, engine: BenchEngine, count: number) {
  await hashRepeatedly(target, engine, 1);
  const started = performance.now();
  await hashRepeatedly(target, engine, count);
  return (performance.now() - started) / count;
}
