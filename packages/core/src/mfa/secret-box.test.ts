import { describe, expect, it } from 'vitest';
import { ConfigError, SecretUnreadableError } from '../errors.ts';
import { cryptoRandom, utf8 } from '../primitives/index.ts';
import { createSecretBox } from './secret-box.ts';

const key = (fill: number) => new Uint8Array(32).fill(fill);
const plaintext = utf8('12345678901234567890');

describe('createSecretBox (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV per seal and the key id in the value', async () => {
    const box = createSecretBox({ keys: [{ id: 'k1', key: key(1) }], random: cryptoRandom });
    const one = await box.seal(plaintext, 'ctx');
    const two = await box.seal(plaintext, 'ctx');
    expect(one).not.toBe(two);
    expect(one.startsWith('v1.k1.')).toBe(true);
    expect(await box.open(one, 'ctx')).toEqual(plaintext);
  });

  it('opens values of an older key after rotation, and seals with the current one', async () => {
    const old = createSecretBox({ keys: [{ id: 'old', key: key(1) }], random: cryptoRandom });
    const sealed = await old.seal(plaintext, 'ctx');
    const rotated = createSecretBox({
      keys: [
        { id: 'old', key: key(1) },
        { id: 'new', key: key(2) },
      ],
      currentKeyId: 'new',
      random: cryptoRandom,
    });
    expect(await rotated.open(sealed, 'ctx')).toEqual(plaintext);
    expect((await rotated.seal(plaintext, 'ctx')).startsWith('v1.new.')).toBe(true);
  });

  it('fails closed with SecretUnreadableError on tampering, another context, or an unknown key', async () => {
    const box = createSecretBox({ keys: [{ id: 'k1', key: key(1) }], random: cryptoRandom });
    const sealed = await box.seal(plaintext, 'user-a');
    const parts = sealed.split('.');
    const body = parts[3] ?? '';
    const flipped = `${body.slice(0, 5)}${body[5] === 'A' ? 'B' : 'A'}${body.slice(6)}`;
    const cases = [
      [parts[0], parts[1], parts[2], flipped].join('.'),
      sealed.replace('v1.', 'v2.'),
      'garbage',
      `${sealed}.extra`,
    ];
    for (const value of cases) {
      await expect(box.open(value, 'user-a')).rejects.toBeInstanceOf(SecretUnreadableError);
    }
    await expect(box.open(sealed, 'user-b')).rejects.toBeInstanceOf(SecretUnreadableError);
    const otherKey = createSecretBox({ keys: [{ id: 'k1', key: key(9) }], random: cryptoRandom });
    await expect(otherKey.open(sealed, 'user-a')).rejects.toBeInstanceOf(SecretUnreadableError);
    const otherId = createSecretBox({ keys: [{ id: 'k2', key: key(1) }], random: cryptoRandom });
    await expect(otherId.open(sealed, 'user-a')).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
    });
  });

  it('refuses unusable keys at creation', () => {
    const make = (keys: { id: string; key: Uint8Array }[], currentKeyId?: string) => () =>
      createSecretBox({ keys, random: cryptoRandom, ...(currentKeyId ? { currentKeyId } : {}) });
    expect(make([])).toThrow(ConfigError);
    expect(make([{ id: 'k1', key: new Uint8Array(16) }])).toThrow(ConfigError);
    expect(make([{ id: 'bad.id', key: key(1) }])).toThrow(ConfigError);
    expect(
      make([
        { id: 'k1', key: key(1) },
        { id: 'k1', key: key(2) },
      ]),
    ).toThrow(ConfigError);
    expect(make([{ id: 'k1', key: key(1) }], 'k2')).toThrow(ConfigError);
  });
});
