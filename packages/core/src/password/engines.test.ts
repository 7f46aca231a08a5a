import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors.json' with { type: 'json' };
import { BusyError } from '../errors.ts';
import { utf8 } from '../primitives/index.ts';
import {
  createArgon2idHasher,
  hashWasmEngine,
  type PasswordEngine,
  portableEngine,
  runtimePasswordEngine,
  selectPasswordEngine,
} from './index.ts';
import { encodeArgon2idPhc, parseArgon2idPhc } from './phc.ts';

const engines = [hashWasmEngine, portableEngine];
const params = { memoryKiB: 256, iterations: 2, parallelism: 1 };
const limits = { memoryKiB: 65_536, iterations: 4, parallelism: 4 };

/** The PHC string `engine` writes for a stored string's password, salt and cost. */
async function rehash(engine: PasswordEngine, phc: string, password: string, secret = null) {
  const stored = parseArgon2idPhc(phc);
  if (!stored) throw new Error(`not a PHC string: ${phc}`);
  const input = { password, salt: stored.salt, secret, hashLength: stored.hash.length };
  return encodeArgon2idPhc(stored, stored.salt, await engine.argon2id({ ...input, ...stored }));
}

describe.each(engines)('the $name engine', (engine) => {
  it.each(vectors.argon2id_reference_impl.cases)(
    'writes the reference PHC string $phc',
    async ({ phc, password }) => {
      expect(await rehash(engine, phc, password)).toBe(phc);
    },
  );

  it.each(vectors.bcrypt_openbsd.cases)('verifies the bcrypt vector of "$password"', async (v) => {
    expect(await engine.bcryptVerify(v.password, v.hash)).toBe(true);
    expect(await engine.bcryptVerify(`${v.password}x`, v.hash)).toBe(false);
    expect(await engine.bcryptVerify(v.password, `$2y$${v.hash.slice(4)}`)).toBe(true);
  });
});

describe('engines agree', () => {
  it('on peppered, non-ASCII input (same tag byte for byte)', async () => {
    const input = {
      password: 'pässwörd 🔑 ﬁnal',
      salt: utf8('sixteen byte salt'),
      secret: new Uint8Array(32).fill(3),
      ...params,
      hashLength: 32,
    };
    const [wasm, portable] = await Promise.all(engines.map((engine) => engine.argon2id(input)));
    expect(portable).toEqual(wasm);
    expect(await hashWasmEngine.argon2id({ ...input, secret: null })).not.toEqual(wasm);
  });

  it('a hash written on one engine verifies on the other, under the same pepper only', async () => {
    const pepper = new Uint8Array(32).fill(5);
    const [wasm, portable] = engines.map((engine) =>
      createArgon2idHasher({
        params,
        verifyLimits: limits,
        pepper,
        engine: engine.argon2id,
        bcryptVerify: engine.bcryptVerify,
      }),
    );
    const unpeppered = createArgon2idHasher({ params, verifyLimits: limits, pepper: null });
    const fromWasm = await wasm?.hash('correct horse');
    const fromPortable = await portable?.hash('correct horse');
    for (const [phc, other] of [
      [fromWasm, portable],
      [fromPortable, wasm],
    ] as const) {
      expect(await other?.verify(phc ?? '', 'correct horse')).toBe(true);
      expect(await other?.verify(phc ?? '', 'correct horsE')).toBe(false);
      expect(await unpeppered.verify(phc ?? '', 'correct horse')).toBe(false);
    }
  });

  it('on a multi-byte password at bcrypt’s 72-byte limit', async () => {
    const password = 'é'.repeat(36);
    const stored = await hashWasmBcrypt(password);
    for (const engine of engines) expect(await engine.bcryptVerify(password, stored)).toBe(true);
  });
});

describe('engine selection', () => {
  it('picks hash-wasm where WebAssembly compiles and the portable engine where refused', async () => {
    expect(await selectPasswordEngine(async () => true)).toBe(hashWasmEngine);
    expect(await selectPasswordEngine(async () => false)).toBe(portableEngine);
  });

  it('probes once, on first use, and computes the same bytes whichever it picked', async () => {
    let probes = 0;
    const refused = runtimePasswordEngine(async () => {
      probes += 1;
      return false;
    });
    expect(probes).toBe(0);
    const input = {
      password: 'x',
      salt: utf8('saltsalt'),
      secret: null,
      ...params,
      hashLength: 32,
    };
    const [first, second] = await Promise.all([refused.argon2id(input), refused.argon2id(input)]);
    expect(probes).toBe(1);
    expect(first).toEqual(second);
    expect(first).toEqual(await hashWasmEngine.argon2id(input));
  });
});

async function hashWasmBcrypt(password: string): Promise<string> {
  const { bcrypt } = await import('hash-wasm');
  return bcrypt({
    password,
    salt: new Uint8Array(16).fill(1),
    costFactor: 4,
    outputType: 'encoded',
  });
}

describe('an engine that is too busy', () => {
  const busy = () => Promise.reject(new BusyError('hashing queue full', 2));
  const hasher = createArgon2idHasher({
    params,
    verifyLimits: limits,
    pepper: null,
    engine: busy,
    bcryptVerify: busy,
  });

  it('passes BusyError through verify instead of calling the password wrong', async () => {
    const phc = vectors.argon2id_reference_impl.cases[0]?.phc ?? '';
    const bcrypt = vectors.bcrypt_openbsd.cases[0]?.hash ?? '';
    await expect(hasher.verify(phc, 'password')).rejects.toBeInstanceOf(BusyError);
    await expect(hasher.verify(bcrypt, 'password')).rejects.toBeInstanceOf(BusyError);
  });

  it('still answers false for any other engine failure', async () => {
    const broken = createArgon2idHasher({
      params,
      verifyLimits: limits,
      pepper: null,
      engine: () => Promise.reject(new Error('out of memory')),
    });
    const phc = vectors.argon2id_reference_impl.cases[0]?.phc ?? '';
    expect(await broken.verify(phc, 'password')).toBe(false);
  });
});
