/** The suite's own registry and assertions must fail when they should, or nothing is proven. */
import { describe, expect, it } from 'vitest';
import { assert, collect, deepEqual, equal, rejection } from '../src/registry.ts';
import { formatReport, runCases } from '../src/run.ts';

describe('assertions', () => {
  it('throw on mismatch and pass on match', async () => {
    expect(() => assert(false, 'no')).toThrow('no');
    expect(() => equal(1, 2, 'n')).toThrow('n: expected 2, got 1');
    expect(() => equal(Number.NaN, Number.NaN, 'nan')).not.toThrow();
    expect(() => deepEqual({ a: [1] }, { a: [2] }, 'obj')).toThrow('obj');
    expect(() => deepEqual(new Uint8Array([1]), new Uint8Array([2]), 'bytes')).toThrow('bytes');
    expect(() => deepEqual(new Uint8Array([1]), new Uint8Array([1]), 'bytes')).not.toThrow();
    await expect(rejection(Promise.resolve(1), 'r')).rejects.toThrow('expected a rejection');
    expect(await rejection(Promise.reject(new Error('x')), 'r')).toBeInstanceOf(Error);
  });
});

describe('runCases', () => {
  it('counts passes and failures, names each failure, and prints the plain count line', async () => {
    const cases = collect('group', (test) => {
      test('passes', () => undefined);
      test('fails', () => equal('a', 'b', 'letter'));
      test('crashes', async () => {
        throw new TypeError('boom');
      });
    });
    const report = await runCases('here', cases);
    expect(report).toMatchObject({ runtime: 'here', passed: 1, failed: 2 });
    const text = formatReport(report);
    expect(text).toContain('✗ group: fails');
    expect(text).toContain('TypeError: boom');
    expect(text.split('\n').at(-1)).toBe('here: 1 passed, 2 failed');
  });
});
