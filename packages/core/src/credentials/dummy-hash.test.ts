import { describe, expect, it } from 'vitest';
import { BusyError } from '../errors.ts';
import type { PasswordHasher } from '../password/index.ts';
import { dummyHash } from './dummy-hash.ts';

function countingHasher(failFirst: boolean) {
  let calls = 0;
  const hasher: PasswordHasher = {
    hash: async (password) => {
      calls++;
      if (failFirst && calls === 1) throw new BusyError('the password hasher is at capacity', 1);
      return `hashed:${password}`;
    },
    verify: async () => false,
    needsRehash: () => false,
    algorithmOf: () => 'argon2id',
  };
  return { hasher, calls: () => calls };
}

describe('dummyHash', () => {
  it("uses the hasher's unmatchable hash when it has one, and hashes nothing", async () => {
    const { hasher, calls } = countingHasher(false);
    const withUnmatchable: PasswordHasher = { ...hasher, unmatchableHash: () => 'unmatchable' };
    expect(await dummyHash(withUnmatchable)).toBe('unmatchable');
    expect(calls()).toBe(0);
  });

  it('hashes once per hasher and shares the result', async () => {
    const { hasher, calls } = countingHasher(false);
    const [first, second] = await Promise.all([dummyHash(hasher), dummyHash(hasher)]);
    expect(first).toBe(second);
    expect(await dummyHash(hasher)).toBe(first);
    expect(calls()).toBe(1);
  });

  it('forgets a refused computation, so the next unknown-email sign-in tries again', async () => {
    const { hasher, calls } = countingHasher(true);
    await expect(dummyHash(hasher)).rejects.toBeInstanceOf(BusyError);
    expect(await dummyHash(hasher)).toMatch(/^hashed:/);
    expect(await dummyHash(hasher)).toMatch(/^hashed:/);
    expect(calls()).toBe(2);
  });
});
