/** The Node runner: the conformance suite as vitest cases, part of `pnpm test`. */
import { describe, it } from 'vitest';
import { loadedTarget } from '../runners/target.ts';
import { conformanceSuite } from '../src/index.ts';

describe('conformance on Node', () => {
  for (const item of conformanceSuite(loadedTarget('node', 'hash-wasm'))) {
    it(item.name, item.run);
  }
});
