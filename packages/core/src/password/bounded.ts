import { BusyError, ConfigError } from '../errors.ts';
import type { PasswordHasher } from './hasher.ts';

/** What {@link limitHasherConcurrency} needs. */
export interface HasherConcurrencyOptions {
  /**
   * Hashes computed at once. Each holds its argon2id memory (`m` KiB), so this also caps
   * the hasher's memory. More than the machine's cores adds latency, not throughput.
   */
  readonly maxConcurrent: number;
  /**
   * Callers allowed to wait for a slot, per lane (`hash` and `verify` wait apart). One
   * more is refused with {@link BusyError} at once, so a flood of sign-ins costs bounded
   * memory and bounded wait instead of a queue that grows until the process dies.
   */
  readonly maxQueued: number;
  /** The `retryAfterSeconds` a refusal carries. Default 1. */
  readonly retryAfterSeconds?: number;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}`);
}

/**
 * Wraps `hasher` so at most `maxConcurrent` hashes or verifications run at once and at
 * most `maxQueued` callers per lane wait; the next one is refused with `BusyError` before
 * any work starts. Waiters are served in arrival order across both lanes, so every wait
 * is bounded by the callers ahead of it: neither an unauthenticated sign-up flood (hashes)
 * nor a sign-in flood (verifies) can hold the other lane back indefinitely.
 *
 * @throws ConfigError when the options are not positive integers.
 */
export function limitHasherConcurrency(
  hasher: PasswordHasher,
  options: HasherConcurrencyOptions,
): PasswordHasher {
  const { maxConcurrent, maxQueued } = options;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  checkCount('maxConcurrent', maxConcurrent, 1);
  checkCount('maxQueued', maxQueued, 0);
  checkCount('retryAfterSeconds', retryAfterSeconds, 1);
  type Lane = 'hash' | 'verify';
  /** Every waiter in arrival order; `queued` counts them per lane for the caps. */
  const waiting: { readonly lane: Lane; readonly start: () => void }[] = [];
  const queued = { hash: 0, verify: 0 };
  let running = 0;
  const unmatchable = hasher.unmatchableHash?.bind(hasher);

  const acquire = (lane: Lane): Promise<void> | undefined => {
    if (running < maxConcurrent) {
      running++;
      return undefined;
    }
    if (queued[lane] >= maxQueued)
      throw new BusyError('the password hasher is at capacity', retryAfterSeconds);
    queued[lane]++;
    return new Promise((start) => waiting.push({ lane, start }));
  };
  const release = (): void => {
    // The slot passes straight to the next waiter, so `running` counts it throughout.
    const next = waiting.shift();
    if (!next) {
      running--;
      return;
    }
    queued[next.lane]--;
    next.start();
  };
  const run = async <T>(lane: Lane, work: () => Promise<T>): Promise<T> => {
    await acquire(lane);
    try {
      return await work();
    } finally {
      release();
    }
  };

  return {
    hash: (password) => run('hash', () => hasher.hash(password)),
    verify: (storedHash, password) => run('verify', () => hasher.verify(storedHash, password)),
    needsRehash: (storedHash) => hasher.needsRehash(storedHash),
    algorithmOf: (storedHash) => hasher.algorithmOf(storedHash),
    ...(unmatchable ? { unmatchableHash: unmatchable } : {}),
  };
}
