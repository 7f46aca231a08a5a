import { base64url } from './encoding.ts';
import type { RandomSource } from './runtime.ts';

/** A random base64url token with `bits` bits of entropy (a multiple of 8). */
export function randomToken(random: RandomSource, bits: number): string {
  return base64url(random.bytes(bits / 8));
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Whether `value` has the shape `randomToken(random, bits)` produces, so presented tokens are
 * refused before any hash or lookup when they cannot be ours.
 */
export function isRandomToken(value: unknown, bits: number): value is string {
  return typeof value === 'string' && value.length === Math.ceil(bits / 6) && BASE64URL.test(value);
}

/** A uniformly random string of `length` decimal digits (rejection sampling, no modulo bias). */
export function randomDigits(random: RandomSource, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random.bytes(length)) {
      if (byte < 250 && out.length < length) out += String(byte % 10);
    }
  }
  return out;
}

/** A random identifier for a stored record (128 bits, base64url). */
export function randomId(random: RandomSource): string {
  return randomToken(random, 128);
}
