/** The Node runner: the conformance suite as vitest cases, part of `pnpm test`. */
import { describe, it } from 'vitest';
import { loadedTarget } from '../runners/target.ts';
import { conformanceSuite } from '../src/index.ts';

// Cases hash at real costs (the 64 MiB reference vector, the default m=19456 KiB), which
// a loaded 2-core CI machine can take seconds over; vitest's 5 s default is too tight.
describe('conformance on Node', { timeout: 60_000 }, () => {
  for (const item of conformanceSuite(loadedTarget('node', 'hash-wasm'))) {
    it(item.name, item.run);
  }
});
