import { describe, expect, it } from 'vitest';
import { BusyError, ConfigError, isAuthError } from '../errors.ts';
import { limitHasherConcurrency } from './bounded.ts';
import type { PasswordHasher } from './hasher.ts';

/** A hasher whose every call waits until the test finishes it, recording the order of starts. */
function gatedHasher() {
  const started: string[] = [];
  const pending: (() => void)[] = [];
  const gate = (label: string) =>
    new Promise<void>((resolve) => {
      started.push(label);
      pending.push(resolve);
    });
  const hasher: PasswordHasher = {
    hash: async (password) => {
      await gate(`hash:${password}`);
      return `hashed:${password}`;
    },
    verify: async (stored, password) => {
      await gate(`verify:${password}`);
      return stored === `hashed:${password}`;
    },
    needsRehash: () => false,
    algorithmOf: () => 'argon2id',
  };
  const finishOldest = async () => {
    pending.shift()?.();
    // Let the finished call release its slot and the next waiter start.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { hasher, started, finishOldest, running: () => pending.length };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('limitHasherConcurrency', () => {
  it('runs at most maxConcurrent at once and refuses past maxQueued with BusyError', async () => {
    const inner = gatedHasher();
    const bounded = limitHasherConcurrency(inner.hasher, {
      maxConcurrent: 2,
      maxQueued: 2,
      retryAfterSeconds: 3,
    });
    const calls = ['a', 'b', 'c', 'd'].map((p) => bounded.verify(`hashed:${p}`, p));
    await settle();
    expect(inner.running()).toBe(2);

    const refused = await bounded.verify('hashed:e', 'e').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BusyError);
    expect(isAuthError(refused, 'BUSY')).toBe(true);
    expect((refused as BusyError).retryAfterSeconds).toBe(3);
    expect(inner.started).not.toContain('verify:e');

    for (let i = 0; i < 4; i++) await inner.finishOldest();
    expect(await Promise.all(calls)).toEqual([true, true, true, true]);
    expect(inner.started).toEqual(['verify:a', 'verify:b', 'verify:c', 'verify:d']);
    // With the queue drained, new work is admitted again.
    const again = bounded.verify('hashed:f', 'f');
    await settle();
    await inner.finishOldest();
    expect(await again).toBe(true);
  });

  it('holds the cap under a flood: 1,000 concurrent callers, never more than the bound in flight', async () => {
    const inner = gatedHasher();
    const bounded = limitHasherConcurrency(inner.hasher, { maxConcurrent: 3, maxQueued: 10 });
    const outcomes = Array.from({ length: 1000 }, (_, i) =>
      bounded.verify(`hashed:${i}`, String(i)).then(
        () => 'done',
        (error: unknown) => (error instanceof BusyError ? 'busy' : 'other'),
      ),
    );
    await settle();
    expect(inner.running()).toBe(3);
    while (inner.running() > 0) {
      expect(inner.running()).toBeLessThanOrEqual(3);
      await inner.finishOldest();
    }
    const results = await Promise.all(outcomes);
    expect(results.filter((r) => r === 'done')).toHaveLength(13);
    expect(results.filter((r) => r === 'busy')).toHaveLength(987);
  });

  it('serves waiters in arrival order across lanes, each lane with its own cap', async () => {
    const inner = gatedHasher();
    const bounded = limitHasherConcurrency(inner.hasher, { maxConcurrent: 1, maxQueued: 1 });
    const first = bounded.verify('hashed:v1', 'v1');
    await settle();
    const queuedVerify = bounded.verify('hashed:v2', 'v2');
    const queuedHash = bounded.hash('h1');
    await expect(bounded.verify('x', 'v3')).rejects.toBeInstanceOf(BusyError);
    await expect(bounded.hash('h2')).rejects.toBeInstanceOf(BusyError);
    for (let i = 0; i < 3; i++) await inner.finishOldest();
    expect(await first).toBe(true);
    expect(await queuedVerify).toBe(true);
    expect(await queuedHash).toBe('hashed:h1');
    expect(inner.started).toEqual(['verify:v1', 'verify:v2', 'hash:h1']);
  });

  it('lets no flood of one lane starve the other: hashes arriving after a waiting sign-in start after it', async () => {
    const inner = gatedHasher();
    const bounded = limitHasherConcurrency(inner.hasher, { maxConcurrent: 1, maxQueued: 4 });
    const calls: Promise<unknown>[] = [bounded.hash('h0')];
    await settle();
    calls.push(bounded.hash('h1'), bounded.hash('h2'));
    calls.push(bounded.verify('hashed:v', 'v'));
    // Sign-ups keep arriving while the sign-in waits: they queue behind it.
    calls.push(bounded.hash('h3'), bounded.hash('h4'));
    while (inner.running() > 0) await inner.finishOldest();
    await Promise.all(calls);
    expect(inner.started).toEqual([
      'hash:h0',
      'hash:h1',
      'hash:h2',
      'verify:v',
      'hash:h3',
      'hash:h4',
    ]);
  });

  it('frees the slot when the inner hasher rejects', async () => {
    const failing: PasswordHasher = {
      hash: () => Promise.reject(new Error('engine failed')),
      verify: async () => false,
      needsRehash: () => true,
      algorithmOf: () => 'unknown',
    };
    const bounded = limitHasherConcurrency(failing, { maxConcurrent: 1, maxQueued: 0 });
    await expect(bounded.hash('x')).rejects.toThrow('engine failed');
    await expect(bounded.hash('x')).rejects.toThrow('engine failed');
    expect(await bounded.verify('s', 'p')).toBe(false);
    expect(bounded.needsRehash('s')).toBe(true);
    expect(bounded.algorithmOf('s')).toBe('unknown');
  });

  it('passes unmatchableHash through, outside the queue, only when the inner hasher has one', () => {
    const inner = gatedHasher();
    const plain = limitHasherConcurrency(inner.hasher, { maxConcurrent: 1, maxQueued: 0 });
    expect(plain.unmatchableHash).toBeUndefined();
    const withIt = limitHasherConcurrency(
      { ...inner.hasher, unmatchableHash: () => '$argon2id$unmatchable' },
      { maxConcurrent: 1, maxQueued: 0 },
    );
    expect(withIt.unmatchableHash?.()).toBe('$argon2id$unmatchable');
    expect(inner.started).toEqual([]);
  });

  it.each([
    { maxConcurrent: 0, maxQueued: 1 },
    { maxConcurrent: 1.5, maxQueued: 1 },
    { maxConcurrent: 1, maxQueued: -1 },
    { maxConcurrent: 1, maxQueued: Number.POSITIVE_INFINITY },
    { maxConcurrent: 1, maxQueued: 1, retryAfterSeconds: 0 },
  ])('refuses unusable options %o', (options) => {
    expect(() => limitHasherConcurrency(gatedHasher().hasher, options)).toThrow(ConfigError);
  });
});
