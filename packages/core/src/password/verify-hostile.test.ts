import fc from 'fast-check';
import { argon2d, argon2i } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors.json' with { type: 'json' };
import { createArgon2idHasher } from './index.ts';

// verify() against stored hashes an attacker planted or corrupted: every case is `false`,
// never an exception, and over-limit costs are refused before anything is computed.

const small = { memoryKiB: 16, iterations: 1, parallelism: 1 };
const hasherWithLimits = (memoryKiB: number, iterations: number, parallelism: number) =>
  createArgon2idHasher({
    params: small,
    verifyLimits: { memoryKiB, iterations, parallelism },
    pepper: null,
  });
const hasher = hasherWithLimits(1024, 4, 4);
const smallVector = vectors.argon2id_reference_impl.cases[1] ?? { phc: '', password: '' };
const bigVector = vectors.argon2id_reference_impl.cases[0] ?? { phc: '', password: '' };

describe('cost caps', () => {
  it('verifies a hash whose cost equals the cap and refuses one a single unit above it', async () => {
    const writer = createArgon2idHasher({
      params: { memoryKiB: 512, iterations: 2, parallelism: 2 },
      verifyLimits: { memoryKiB: 512, iterations: 2, parallelism: 2 },
      pepper: null,
    });
    const phc = await writer.hash('capped password');
    expect(await hasherWithLimits(512, 2, 2).verify(phc, 'capped password')).toBe(true);
    expect(await hasherWithLimits(511, 2, 2).verify(phc, 'capped password')).toBe(false);
    expect(await hasherWithLimits(512, 1, 2).verify(phc, 'capped password')).toBe(false);
    expect(await hasherWithLimits(512, 2, 1).verify(phc, 'capped password')).toBe(false);
  });

  it('applies the cap to the 64 MiB reference vector too', async () => {
    expect(await hasherWithLimits(65_536, 2, 1).verify(bigVector.phc, bigVector.password)).toBe(
      true,
    );
    expect(await hasherWithLimits(65_535, 2, 1).verify(bigVector.phc, bigVector.password)).toBe(
      false,
    );
  });

  it('refuses a planted m=4294967295 (and huge t, p) without allocating', async () => {
    const planted = [
      smallVector.phc.replace('m=256', 'm=4294967295'),
      smallVector.phc.replace('t=2', 't=4294967295'),
      smallVector.phc.replace('p=1', 'p=4294967295').replace('m=256', 'm=4294967295'),
      smallVector.phc.replace('m=256', 'm=99999999999'),
    ];
    for (const phc of planted) expect(await hasher.verify(phc, smallVector.password)).toBe(false);
  });
});

describe('malformed stored hashes', () => {
  const phc = smallVector.phc;
  const hostile = [
    '',
    '$',
    'password',
    '$argon2id$',
    '$argon2id$v=19$m=256,t=2,p=1$$',
    phc.replace('$v=19', ''),
    phc.replace('v=19', 'v=16'),
    phc.replace('m=256,t=2,p=1', 't=2,m=256,p=1'),
    phc.replace('m=256', 'm=0256'),
    phc.replace('p=1', 'p=0'),
    phc.replace('m=256', 'm=4'),
    phc.replace('$argon2id$', '$ARGON2ID$'),
    phc.replace('m=256,t=2,p=1', 'm=256,t=2,p=1,keyid=AAAA'),
    phc.replace('c29tZXNhbHQ', 'c29tZXNhbHR'), // same bytes, non-canonical trailing bits
    phc.replace('c29tZXNhbHQ', 'c29tZXM'), // 5-byte salt, below RFC 9106's 8
    phc.replace('c29tZXNhbHQ', 'c29tZXNhbHQ='),
    `${phc}\n`,
    ` ${phc}`,
    `${phc}$`,
    phc.replace('nf65', 'nf-5'),
    `${phc.slice(0, phc.lastIndexOf('$') + 1)}AAAAAAAAAAAAAAAAAAAA`, // 15-byte tag
    `${phc.slice(0, phc.lastIndexOf('$') + 1)}${'A'.repeat(88)}`, // 66-byte tag
    phc.replace('\u0024argon2id', '\u0000argon2id'),
    'x'.repeat(1_000_000),
  ];

  it.each(hostile.map((stored, index) => [index, stored] as const))(
    'case %i is false',
    async (_, stored) => {
      expect(await hasher.verify(stored, smallVector.password)).toBe(false);
    },
  );

  it('every truncation of a valid hash is false', async () => {
    for (let length = 0; length < phc.length; length++) {
      expect(await hasher.verify(phc.slice(0, length), smallVector.password)).toBe(false);
    }
  });

  it('non-string arguments are false, not exceptions', async () => {
    const odd = [undefined, null, 42, {}, ['x']] as unknown as string[];
    for (const value of odd) {
      expect(await hasher.verify(value, 'password')).toBe(false);
      expect(await hasher.verify(phc, value)).toBe(false);
      expect(hasher.needsRehash(value)).toBe(true);
      expect(hasher.algorithmOf(value)).toBe('unknown');
    }
  });
});

describe('property: verify never rejects', () => {
  const known = [smallVector.phc, vectors.bcrypt_openbsd.cases[0]?.hash ?? ''];
  const mutated = fc
    .tuple(fc.constantFrom(...known), fc.nat(), fc.string({ maxLength: 3 }))
    .map(([stored, at, insert]) => {
      const index = at % stored.length;
      return stored.slice(0, index) + insert + stored.slice(index + 1);
    });
  const storedHash = fc.oneof(fc.string(), mutated, fc.constantFrom(...known));
  const password = fc.oneof(
    fc.string(),
    fc.constant('password'),
    fc.constant('abc'),
    fc.string({ minLength: 70, maxLength: 80 }),
  );

  it('returns a boolean for any stored hash and password', async () => {
    await fc.assert(
      fc.asyncProperty(storedHash, password, async (stored, candidate) => {
        const result = await hasher.verify(stored, candidate);
        expect(typeof result).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('foreign argon2 variants', () => {
  it('refuses argon2i and argon2d hashes even with the right password', async () => {
    const options = {
      password: 'password',
      salt: 'somesalt',
      iterations: 2,
      parallelism: 1,
      memorySize: 256,
      hashLength: 32,
    };
    const argon2iHash = await argon2i({ ...options, outputType: 'encoded' });
    const argon2dHash = await argon2d({ ...options, outputType: 'encoded' });
    expect(argon2iHash.startsWith('$argon2i$v=19$')).toBe(true);
    expect(await hasher.verify(argon2iHash, 'password')).toBe(false);
    expect(await hasher.verify(argon2dHash, 'password')).toBe(false);
  });
});
