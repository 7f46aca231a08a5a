import { base64url } from './encoding.ts';
import type { RandomSource } from './runtime.ts';

/** A random base64url token with `bits` bits of entropy (a multiple of 8). */
export function randomToken(random: RandomSource, bits: number): string {
  return base64url(random.bytes(bits / 8));
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
