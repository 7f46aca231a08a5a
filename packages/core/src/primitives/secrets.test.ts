import { describe, expect, it } from 'vitest';
import { cryptoRandom } from './runtime.ts';
import { isRandomToken, randomToken } from './secrets.ts';

describe('isRandomToken', () => {
  it('accepts exactly what randomToken produces for the same number of bits', () => {
    for (const bits of [128, 256]) {
      const token = randomToken(cryptoRandom, bits);
      expect(isRandomToken(token, bits)).toBe(true);
      expect(isRandomToken(token, bits === 128 ? 256 : 128)).toBe(false);
    }
  });

  it('refuses wrong lengths, padding, the standard base64 alphabet and non-strings', () => {
    const token = randomToken(cryptoRandom, 256);
    for (const bad of [
      '',
      token.slice(1),
      `${token}A`,
      `${token.slice(0, 42)}=`,
      `${token.slice(0, 42)}+`,
      `${token.slice(0, 42)}/`,
      `${token.slice(0, 42)}.`,
      `${token.slice(0, 42)}\u0000`,
      'A'.repeat(43_000),
      42,
      null,
      undefined,
      [token],
    ]) {
      expect(isRandomToken(bad, 256)).toBe(false);
    }
  });
});
