import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors.json' with { type: 'json' };
import { utf8 } from '../primitives/index.ts';
import { createArgon2idHasher, normalizePassword } from './index.ts';

const small = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const limits = { memoryKiB: 65_536, iterations: 4, parallelism: 4 };
const hasher = createArgon2idHasher({ params: small, verifyLimits: limits, pepper: null });
const [bigVector, smallVector] = vectors.argon2id_reference_impl.cases;
const fixedRandom = {
  bytes: (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => i)),
};

describe('argon2id reference vectors', () => {
  it.each(vectors.argon2id_reference_impl.cases)('verifies $phc', async ({ phc, password }) => {
    expect(await hasher.verify(phc, password)).toBe(true);
    expect(await hasher.verify(phc, `${password}!`)).toBe(false);
    expect(await hasher.verify(phc, 'Password')).toBe(false);
    expect(await hasher.verify(phc, '')).toBe(false);
  });
});

describe('hash', () => {
  it('writes a PHC string with the configured cost, a 16-byte salt and a 32-byte tag', async () => {
    const fixed = createArgon2idHasher({
      params: small,
      verifyLimits: limits,
      pepper: null,
      random: fixedRandom,
    });
    const phc = await fixed.hash('correct horse');
    expect(phc).toMatch(
      /^\$argon2id\$v=19\$m=256,t=1,p=1\$AAECAwQFBgcICQoLDA0ODw\$[A-Za-z0-9+/]{43}$/,
    );
    expect(await fixed.verify(phc, 'correct horse')).toBe(true);
  });

  it("spells the PHC string exactly as hash-wasm's own encoder does", async () => {
    const fixed = createArgon2idHasher({
      params: small,
      verifyLimits: limits,
      pepper: null,
      random: fixedRandom,
    });
    const reference = await argon2id({
      password: 'correct horse',
      salt: fixedRandom.bytes(16),
      memorySize: small.memoryKiB,
      iterations: small.iterations,
      parallelism: small.parallelism,
      hashLength: 32,
      outputType: 'encoded',
    });
    expect(await fixed.hash('correct horse')).toBe(reference);
  });

  it('offers an unmatchable hash at the configured cost that no password verifies against', async () => {
    const unmatchable = hasher.unmatchableHash();
    expect(unmatchable).toMatch(
      /^\$argon2id\$v=19\$m=256,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(hasher.unmatchableHash()).toBe(unmatchable);
    expect(hasher.needsRehash(unmatchable)).toBe(false);
    for (const password of ['', 'password', 'portcullis timing-equaliser password']) {
      expect(await hasher.verify(unmatchable, password)).toBe(false);
    }
  });

  it('round-trips, and refuses a wrong password', async () => {
    const phc = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify(phc, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(phc, 'correct horse battery stapl')).toBe(false);
    expect(await hasher.verify(phc, 'Correct horse battery staple')).toBe(false);
  });

  it('salts: two hashes of one password differ', async () => {
    const [first, second] = await Promise.all([
      hasher.hash('same password'),
      hasher.hash('same password'),
    ]);
    expect(first).not.toBe(second);
  });

  it('matches NFKC-equivalent spellings once normalised', async () => {
    const policy = { minLength: 8, maxLength: 64 };
    const phc = await hasher.hash(normalizePassword('ﬁnancial-ﬁx', policy));
    expect(await hasher.verify(phc, normalizePassword('financial-fix', policy))).toBe(true);
  });

  it('refuses an empty or non-string password with an InputError', async () => {
    await expect(hasher.hash('')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(hasher.hash(42 as unknown as string)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});

describe('pepper', () => {
  const withPepper = (pepper: Uint8Array | null) =>
    createArgon2idHasher({ params: small, verifyLimits: limits, pepper });
  const pepperA = utf8('pepper-A-0123456789abcdef');
  const pepperB = utf8('pepper-B-0123456789abcdef');

  it('verifies only under the same pepper', async () => {
    const phc = await withPepper(pepperA).hash('peppered password');
    expect(await withPepper(pepperA).verify(phc, 'peppered password')).toBe(true);
    expect(await withPepper(pepperB).verify(phc, 'peppered password')).toBe(false);
    expect(await withPepper(null).verify(phc, 'peppered password')).toBe(false);
  });

  it('is not affected by later mutation of the caller’s buffer', async () => {
    const buffer = new Uint8Array(pepperA);
    const peppered = withPepper(buffer);
    const phc = await peppered.hash('peppered password');
    buffer.fill(0);
    expect(await peppered.verify(phc, 'peppered password')).toBe(true);
  });

  it('an unpeppered hash does not verify under a pepper', async () => {
    const phc = await withPepper(null).hash('plain password');
    expect(await withPepper(pepperA).verify(phc, 'plain password')).toBe(false);
  });
});

describe('needsRehash and algorithmOf', () => {
  it('is false only for argon2id at exactly the configured m, t, p', async () => {
    const phc = await hasher.hash('rehash me');
    expect(hasher.needsRehash(phc)).toBe(false);
    const cases = [
      { memoryKiB: 512, iterations: 1, parallelism: 1 },
      { memoryKiB: 128, iterations: 1, parallelism: 1 },
      { memoryKiB: 256, iterations: 2, parallelism: 1 },
      { memoryKiB: 256, iterations: 1, parallelism: 2 },
    ];
    for (const params of cases) {
      const other = createArgon2idHasher({ params, verifyLimits: limits, pepper: null });
      expect(hasher.needsRehash(await other.hash('rehash me'))).toBe(true);
      expect(other.needsRehash(phc)).toBe(true);
    }
  });

  it('is true for bcrypt, foreign argon2 variants and garbage', () => {
    const bcryptHash = vectors.bcrypt_openbsd.cases[0]?.hash ?? '';
    expect(hasher.needsRehash(bcryptHash)).toBe(true);
    expect(hasher.needsRehash(smallVector?.phc.replace('argon2id', 'argon2i') ?? '')).toBe(true);
    for (const garbage of ['', 'x', '$argon2id$', '$argon2id$v=19$m=256,t=1,p=1$$']) {
      expect(hasher.needsRehash(garbage)).toBe(true);
    }
  });

  it('names the algorithm of a stored hash', () => {
    expect(hasher.algorithmOf(bigVector?.phc ?? '')).toBe('argon2id');
    expect(hasher.algorithmOf(vectors.bcrypt_openbsd.cases[0]?.hash ?? '')).toBe('bcrypt');
    expect(
      hasher.algorithmOf('$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA'),
    ).toBe('unknown');
    expect(hasher.algorithmOf('plaintext')).toBe('unknown');
  });
});
