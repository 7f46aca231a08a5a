/**
 * A value as a plain-JavaScript caller (or one casting a request body) could pass it,
 * typed as whatever the parameter wants: for proving the runtime checks behind the types.
 */
export function untyped<T>(value: unknown): T {
  return value as T;
}
