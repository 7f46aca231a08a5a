import { describe, expect, it } from 'vitest';
import { bindAuth } from './auth.ts';
import type { Auth, AuthInternal } from './auth-interface.ts';
import type { AuthDeps } from './deps.ts';
import * as core from './index.ts';

/** Every method of `Auth` and `auth.internal`: each is also a standalone export. */
type BoundName = Exclude<keyof Auth, 'clock' | 'internal'> | keyof AuthInternal;

// Compile-time: a method added to `Auth` without a standalone export fails the typecheck
// here, so the interface, `bindAuth` (typed by it) and index.ts cannot drift apart.
const standalone: { readonly [Name in BoundName]: (deps: never, input: never) => unknown } = core;

describe('the Auth surface', () => {
  it('binds exactly the standalone functions of the same names', () => {
    const deps = { clock: { now: () => new Date(0) } } as unknown as AuthDeps;
    const auth = bindAuth(deps);
    const { clock, internal, ...methods } = auth;
    const names = [...Object.keys(methods), ...Object.keys(internal)].sort();
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      expect(typeof (standalone as Record<string, unknown>)[name]).toBe('function');
    }
    expect(clock).toBe(deps.clock);
    expect('config' in auth || 'deps' in auth).toBe(false);
  });
});
