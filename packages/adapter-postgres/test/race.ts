/**
 * `count` concurrent calls of `call`, all started before the first is awaited. On a pool
 * each call checks out its own connection, so the calls really run side by side in the
 * server, not one after another.
 */
export function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** The value, failing the test when it is `null` or `undefined`. */
export function present<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected a ${what}, got none`);
  return value;
}

/** How a promise settled, so a test can start it, do other work, then look. */
export type Settled<T> = { readonly value: T } | { readonly error: unknown };

/** Starts observing `promise` at once (no unhandled rejection) and resolves with its outcome. */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
