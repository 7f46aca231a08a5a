import { decodeCBOR } from '@levischuck/tiny-cbor';
import { describe, expect, it } from 'vitest';
import { authenticatorData, coseEs256Key, derEcdsaSignature, FLAG } from './webauthn-encoding.ts';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
const join = (r: Uint8Array, s: Uint8Array) => new Uint8Array([...r, ...s]);

describe('derEcdsaSignature', () => {
  it('encodes r and s as two INTEGERs in a SEQUENCE', () => {
    const der = derEcdsaSignature(join(bytes(32, 0x11), bytes(32, 0x22)));
    expect([...der.slice(0, 4)]).toEqual([0x30, 68, 0x02, 32]);
    expect([...der.slice(36, 38)]).toEqual([0x02, 32]);
    expect(der.length).toBe(70);
  });

  it('prefixes a 0 byte when the high bit is set, so the INTEGER stays positive', () => {
    const der = derEcdsaSignature(join(bytes(32, 0x80), bytes(32, 0x01)));
    expect([...der.slice(0, 5)]).toEqual([0x30, 69, 0x02, 33, 0x00]);
    expect(der[5]).toBe(0x80);
  });

  it('drops leading zero bytes, keeping one for zero itself', () => {
    const r = bytes(32, 0);
    r[31] = 0x05;
    const der = derEcdsaSignature(join(r, bytes(32, 0)));
    expect([...der]).toEqual([0x30, 6, 0x02, 1, 0x05, 0x02, 1, 0x00]);
  });

  it('refuses anything but a 64-byte P-256 signature', () => {
    expect(() => derEcdsaSignature(bytes(63, 1))).toThrow();
  });
});

describe('authenticator data and COSE key', () => {
  it('lays out rpIdHash, flags and a big-endian counter', async () => {
    const data = await authenticatorData({
      rpId: 'example.com',
      flags: FLAG.userPresent | FLAG.userVerified,
      signCount: 0x01020304,
    });
    const rpIdHash = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode('example.com')),
    );
    expect(data.slice(0, 32)).toEqual(rpIdHash);
    expect([...data.slice(32)]).toEqual([0x05, 1, 2, 3, 4]);
  });

  it('writes an EC2 ES256 P-256 COSE key', () => {
    const raw = new Uint8Array([0x04, ...bytes(32, 0xaa), ...bytes(32, 0xbb)]);
    const key = decodeCBOR(coseEs256Key(raw)) as Map<number, unknown>;
    expect(key.get(1)).toBe(2);
    expect(key.get(3)).toBe(-7);
    expect(key.get(-1)).toBe(1);
    expect(key.get(-2)).toEqual(bytes(32, 0xaa));
    expect(key.get(-3)).toEqual(bytes(32, 0xbb));
  });
});
