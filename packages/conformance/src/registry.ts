/**
 * The suite's own tiny test registry and assertions, so one body of tests runs under
 * vitest, Bun, Deno and inside a Worker without any runner's globals.
 */

/** One conformance case: a name and a check that throws on failure. */
export interface Case {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** Registers a case under a group name. */
export type Test = (name: string, run: () => Promise<void> | void) => void;

/** A group's cases, collected by calling `define` with a `test` function. */
export function collect(group: string, define: (test: Test) => void): Case[] {
  const cases: Case[] = [];
  define((name, run) => cases.push({ name: `${group}: ${name}`, run: async () => run() }));
  return cases;
}

/** Thrown by every assertion, so a report can tell a failed check from a crash. */
export class AssertionFailed extends Error {
  override readonly name = 'AssertionFailed';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailed(message);
}

/** Strict equality (`Object.is`), with both values in the message. */
export function equal<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected))
    throw new AssertionFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Structural equality of JSON-like values; byte arrays compare by content. */
export function deepEqual(actual: unknown, expected: unknown, what: string): void {
  if (show(actual) !== show(expected))
    throw new AssertionFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Awaits `promise` and returns what it rejected with, failing when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new AssertionFailed(`${what}: expected a rejection, but it resolved`);
}

function show(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? `bytes:${Array.from(item).join(',')}` : item,
  );
}
