import { bcrypt } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors.json' with { type: 'json' };
import { utf8 } from '../primitives/index.ts';
import { createArgon2idHasher } from './index.ts';

const params = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const hasher = createArgon2idHasher({ params, verifyLimits: params, pepper: null });
const firstVector = vectors.bcrypt_openbsd.cases[0] ?? { hash: '', password: '' };
const withPrefix = (hash: string, prefix: string) => prefix + hash.slice(4);

/** A bcrypt hash made at test time (cost 4, fixed salt) for a password of chosen length. */
function legacyHash(password: string): Promise<string> {
  return bcrypt({
    password,
    salt: new Uint8Array(16).fill(9),
    costFactor: 4,
    outputType: 'encoded',
  });
}

describe('legacy bcrypt verification', () => {
  it.each(vectors.bcrypt_openbsd.cases)(
    'verifies the OpenBSD vector for "$password"',
    async ({ hash, password }) => {
      expect(await hasher.verify(hash, password)).toBe(true);
      expect(await hasher.verify(hash, `${password}x`)).toBe(false);
      expect(await hasher.verify(hash, password.toUpperCase())).toBe(false);
    },
  );

  it('accepts $2b$ and $2y$ spellings of the same hash', async () => {
    expect(await hasher.verify(withPrefix(firstVector.hash, '$2b$'), firstVector.password)).toBe(
      true,
    );
    expect(await hasher.verify(withPrefix(firstVector.hash, '$2y$'), firstVector.password)).toBe(
      true,
    );
  });

  it('refuses $2x$ (crypt_blowfish bug marker) and other versions', async () => {
    for (const prefix of ['$2x$', '$2$', '$2c$', '$3a$', '$2A$']) {
      expect(await hasher.verify(withPrefix(firstVector.hash, prefix), firstVector.password)).toBe(
        false,
      );
    }
  });

  it('refuses costs outside 4..15 before computing', async () => {
    for (const cost of ['03', '16', '31', '99', '6']) {
      const stored = firstVector.hash.replace('$06$', `$${cost}$`);
      expect(await hasher.verify(stored, firstVector.password)).toBe(false);
    }
  });

  it('refuses malformed and truncated hashes', async () => {
    const { hash, password } = firstVector;
    for (let length = 0; length < hash.length; length++) {
      expect(await hasher.verify(hash.slice(0, length), password)).toBe(false);
    }
    for (const stored of [
      `${hash}A`,
      `${hash}\n`,
      hash.replace('I', '!'),
      hash.replace('$06$', '$6$'),
    ]) {
      expect(await hasher.verify(stored, password)).toBe(false);
    }
  });

  it('accepts 72 UTF-8 bytes but refuses 73 rather than truncating (no throw)', async () => {
    const stored = await legacyHash('a'.repeat(72));
    expect(await hasher.verify(stored, 'a'.repeat(72))).toBe(true);
    // Real bcrypt ignores byte 73 and would say true here: we refuse instead.
    expect(await hasher.verify(stored, 'a'.repeat(73))).toBe(false);
    expect(await hasher.verify(stored, 'a'.repeat(10_000))).toBe(false);
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    const thirtySix = 'é'.repeat(36);
    expect(utf8(thirtySix)).toHaveLength(72);
    const stored = await legacyHash(thirtySix);
    expect(await hasher.verify(stored, thirtySix)).toBe(true);
    expect(await hasher.verify(stored, `${thirtySix}é`)).toBe(false);
  });

  it('an empty password is false, not an exception', async () => {
    expect(await hasher.verify(firstVector.hash, '')).toBe(false);
  });

  it('never applies the pepper to legacy hashes', async () => {
    const peppered = createArgon2idHasher({
      params,
      verifyLimits: params,
      pepper: utf8('a-pepper-of-16-bytes+'),
    });
    expect(await peppered.verify(firstVector.hash, firstVector.password)).toBe(true);
  });

  it('always needs a rehash and is reported as bcrypt', () => {
    for (const { hash } of vectors.bcrypt_openbsd.cases) {
      expect(hasher.needsRehash(hash)).toBe(true);
      expect(hasher.algorithmOf(hash)).toBe('bcrypt');
    }
    expect(hasher.algorithmOf(withPrefix(firstVector.hash, '$2x$'))).toBe('unknown');
  });
});
