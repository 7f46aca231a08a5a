import { InputError } from '../errors.ts';
import { utf8 } from '../primitives/index.ts';
import type { JsonValue, UserMetadata } from '../repos.ts';

/** Serialized metadata above this size is refused: it lives on every user row. */
const MAX_METADATA_BYTES = 16_384;
const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function toJson(value: unknown, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new InputError([{ field: 'metadata', problem: 'too_long' }]);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    // JSON has no -0 (it serialises as 0): store what every adapter will give back.
    if (Number.isFinite(value)) return value === 0 ? 0 : value;
  } else if (Array.isArray(value)) {
    return value.map((item) => toJson(item, depth + 1));
  } else if (isPlainObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      // Keys that reach object prototypes in naive consumers are refused outright.
      if (FORBIDDEN_KEYS.has(key))
        throw new InputError([{ field: 'metadata', problem: 'not_allowed' }]);
      Object.defineProperty(out, key, {
        value: toJson(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new InputError([{ field: 'metadata', problem: 'invalid_type' }]);
}

/**
 * Validates untrusted application metadata: a plain JSON object (no functions, class
 * instances, non-finite numbers or prototype keys), at most 8 levels deep and 16 KiB
 * serialized. Returns a fresh deep copy, so later mutation of the input changes nothing.
 */
export function parseMetadata(value: unknown): UserMetadata {
  if (!isPlainObject(value)) throw new InputError([{ field: 'metadata', problem: 'invalid_type' }]);
  const parsed = toJson(value, 0) as UserMetadata;
  if (utf8(JSON.stringify(parsed)).byteLength > MAX_METADATA_BYTES) {
    throw new InputError([{ field: 'metadata', problem: 'too_long' }]);
  }
  return parsed;
}
