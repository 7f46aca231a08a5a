import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { hex } from '../primitives/encoding.ts';
import { deriveKeys, hkdfSha256 } from './derive.ts';

const bytes = (hexText: string) =>
  new Uint8Array((hexText.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)));

describe('hkdfSha256', () => {
  it('matches RFC 5869 Appendix A.1 (test case 1)', async () => {
    const okm = await hkdfSha256(
      bytes('0b'.repeat(22)),
      bytes('000102030405060708090a0b0c'),
      bytes('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(hex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });
});

describe('deriveKeys', () => {
  const secret = 'an-application-secret-of-32-bytes!!';

  it('gives four distinct 32-byte keys, none equal to the secret, the same every time', async () => {
    const keys = await deriveKeys(secret);
    const all = [
      keys.serverSecret,
      keys.accessTokenSecret,
      keys.rateLimitSecret,
      keys.secretBoxKey,
    ];
    const values = all.map(hex);
    expect(new Set(values).size).toBe(4);
    for (const key of all) {
      expect(key.byteLength).toBe(32);
    }
    expect(values).not.toContain(hex(new TextEncoder().encode(secret)));
    expect(await deriveKeys(new TextEncoder().encode(secret))).toEqual(keys);
  });

  it('gives unrelated keys for a secret differing in one byte', async () => {
    const one = await deriveKeys(secret);
    const other = await deriveKeys(`${secret.slice(0, -1)}?`);
    expect(hex(other.serverSecret)).not.toBe(hex(one.serverSecret));
    expect(hex(other.accessTokenSecret)).not.toBe(hex(one.accessTokenSecret));
    expect(hex(other.rateLimitSecret)).not.toBe(hex(one.rateLimitSecret));
    expect(hex(other.secretBoxKey)).not.toBe(hex(one.secretBoxKey));
  });

  it('refuses a secret under 32 bytes or not a string or bytes', async () => {
    await expect(deriveKeys('x'.repeat(31))).rejects.toBeInstanceOf(ConfigError);
    await expect(deriveKeys(new Uint8Array(16))).rejects.toBeInstanceOf(ConfigError);
    await expect(deriveKeys(42 as unknown as string)).rejects.toBeInstanceOf(ConfigError);
  });
});
