import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors.json' with { type: 'json' };
import { constantTimeEqual, hmacSha256Hex, sha256Hex } from './digest.ts';
import { utf8 } from './encoding.ts';

function fromHex(value: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(value.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []);
}

describe('hmacSha256Hex', () => {
  it.each(vectors.rfc4231_hmac_sha256.cases)('matches RFC 4231 vector %#', (vector) => {
    const key = 'key_hex' in vector ? fromHex(vector.key_hex) : utf8(vector.key_ascii);
    return expect(hmacSha256Hex(key, vector.data_ascii)).resolves.toBe(vector.mac_hex);
  });

  it('keeps each secret its own key when one buffer is used again and again', async () => {
    const [first, second] = vectors.rfc4231_hmac_sha256.cases;
    if (!first || !second || !('key_hex' in first) || 'key_hex' in second) throw new Error();
    const firstKey = fromHex(first.key_hex);
    const secondKey = utf8(second.key_ascii);
    for (let round = 0; round < 3; round++) {
      expect(await hmacSha256Hex(firstKey, first.data_ascii)).toBe(first.mac_hex);
      expect(await hmacSha256Hex(secondKey, second.data_ascii)).toBe(second.mac_hex);
    }
  });
});

describe('sha256Hex', () => {
  it('hashes "abc" to the FIPS 180-2 digest', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
