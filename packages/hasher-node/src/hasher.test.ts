import { createArgon2idHasher, createAuthConfig, wasmArgon2id } from '@portcullis/core';
import { testConfig } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import vectors from '../../core/test/vectors.json' with { type: 'json' };
import { createNodePasswordHasher } from './create.ts';
import { nativeArgon2id } from './native-engine.ts';

const owasp = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };
const small = { memoryKiB: 256, iterations: 2, parallelism: 1 };
const limits = { memoryKiB: 65_536, iterations: 4, parallelism: 4 };
const fixedRandom = {
  bytes: (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256)),
};

function pair(params: typeof small, pepper: Uint8Array | null = null) {
  const options = { params, verifyLimits: limits, pepper, random: fixedRandom };
  const config = createAuthConfig({
    ...testConfig,
    password: { argon2: params, verifyLimits: limits, ...(pepper ? { pepper } : {}) },
  });
  return {
    wasm: createArgon2idHasher(options),
    native: createNodePasswordHasher(config, { random: fixedRandom }),
  };
}

describe('native argon2id computes the same function as hash-wasm', () => {
  it.each([
    ['OWASP minimum', owasp],
    ['small', small],
    ['p=2', { memoryKiB: 512, iterations: 1, parallelism: 2 }],
  ])('writes byte-identical PHC strings for the same salt (%s)', async (_name, params) => {
    const { wasm, native } = pair(params);
    const password = 'correct horse battery staple ✓';
    const fromWasm = await wasm.hash(password);
    expect(await native.hash(password)).toBe(fromWasm);
  });

  it('verifies hash-wasm hashes, and hash-wasm verifies its hashes', async () => {
    const wasm = createArgon2idHasher({ params: small, verifyLimits: limits, pepper: null });
    const { native } = pair(small);
    const fromWasm = await wasm.hash('p1 password');
    const fromNative = await native.hash('p2 password');
    expect(fromNative).not.toBe(fromWasm);
    expect(await native.verify(fromWasm, 'p1 password')).toBe(true);
    expect(await wasm.verify(fromNative, 'p2 password')).toBe(true);
    expect(await native.verify(fromWasm, 'p2 password')).toBe(false);
    expect(await wasm.verify(fromNative, 'p1 password')).toBe(false);
  });

  it('applies the pepper the same way, and a hash under another pepper fails both ways', async () => {
    const pepper = new Uint8Array(32).fill(9);
    const peppered = pair(small, pepper);
    const plain = pair(small);
    const fromWasm = await peppered.wasm.hash('secret words');
    expect(await peppered.native.hash('secret words')).toBe(fromWasm);
    expect(await peppered.native.verify(fromWasm, 'secret words')).toBe(true);
    expect(await plain.native.verify(fromWasm, 'secret words')).toBe(false);
    expect(await plain.wasm.verify(await peppered.native.hash('x y z'), 'x y z')).toBe(false);
  });

  it.each(vectors.argon2id_reference_impl.cases)(
    'verifies the reference-implementation vector $phc',
    async ({ phc, password }) => {
      const { native } = pair(small);
      expect(await native.verify(phc, password)).toBe(true);
      expect(await native.verify(phc, `${password}!`)).toBe(false);
    },
  );

  it('computes the raw tag of the m=256 reference vector', async () => {
    const input = {
      password: 'password',
      salt: new TextEncoder().encode('somesalt'),
      secret: null,
      memoryKiB: 256,
      iterations: 2,
      parallelism: 1,
      hashLength: 32,
    };
    const [tag, reference] = await Promise.all([nativeArgon2id(input), wasmArgon2id(input)]);
    expect(Buffer.from(tag).toString('base64').replace(/=+$/, '')).toBe(
      'nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    );
    expect(Buffer.from(tag).equals(Buffer.from(reference))).toBe(true);
  });
});

describe('legacy and hostile stored hashes', () => {
  it.each(vectors.bcrypt_openbsd.cases)(
    'verifies legacy bcrypt $hash and flags it for rehash',
    async ({ hash, password }) => {
      const { native } = pair(small);
      expect(await native.verify(hash, password)).toBe(true);
      expect(await native.verify(hash, `${password}x`)).toBe(false);
      expect(native.needsRehash(hash)).toBe(true);
      expect(native.algorithmOf(hash)).toBe('bcrypt');
    },
  );

  it.each([
    // A planted cost far above the caps: computing it would need 4 TiB.
    '$argon2id$v=19$m=4294967295,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    '$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    '$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    '$argon2id$v=19$m=256,t=2,p=1$c29tZQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
    `$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$${'A'.repeat(1_000_000)}`,
    '',
  ])('answers false, never throws, for %s', async (stored) => {
    const { native } = pair(small);
    expect(await native.verify(stored.slice(0, 2_000_000), 'password')).toBe(false);
  });

  it('keeps the rehash rule: other parameters need a rehash, the configured ones do not', async () => {
    const { native } = pair(small);
    expect(native.needsRehash(await native.hash('pw'))).toBe(false);
    expect(native.needsRehash(vectors.argon2id_reference_impl.cases[0]?.phc ?? '')).toBe(true);
  });
});
