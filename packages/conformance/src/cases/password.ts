import vectors from '../../../core/test/vectors.json' with { type: 'json' };
import { assert, type Case, collect, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const limits = { memoryKiB: 65_536, iterations: 4, parallelism: 4 };

/** The tag bytes of a PHC string (its last field, unpadded base64). */
function tagOf(phc: string): Uint8Array {
  const binary = atob(phc.slice(phc.lastIndexOf('$') + 1));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Password hashing: argon2id and legacy bcrypt on this runtime's default engine. */
export function passwordCases({ core, testing, expectedEngine }: ConformanceTarget): Case[] {
  const hasher = (options: Partial<Parameters<typeof core.createArgon2idHasher>[0]> = {}) =>
    core.createArgon2idHasher({ params: cheap, verifyLimits: limits, pepper: null, ...options });

  return collect('password', (test) => {
    test(`the default engine here is ${expectedEngine}`, async () => {
      equal((await core.selectPasswordEngine()).name, expectedEngine, 'selected engine');
    });

    test('argon2id reference vectors verify; near misses do not', async () => {
      const verifier = hasher();
      for (const { phc, password } of vectors.argon2id_reference_impl.cases) {
        equal(await verifier.verify(phc, password), true, `verify ${phc}`);
        equal(await verifier.verify(phc, `${password}!`), false, 'appended character');
        equal(await verifier.verify(phc, 'Password'), false, 'changed case');
      }
    });

    test('the default and portable engines compute the reference tags', async () => {
      const [, small] = vectors.argon2id_reference_impl.cases;
      assert(small, 'the small reference vector exists');
      for (const engine of [core.defaultPasswordEngine, core.portableEngine]) {
        const tag = await engine.argon2id({
          password: small.password,
          salt: new TextEncoder().encode('somesalt'),
          secret: null,
          memoryKiB: 256,
          iterations: 2,
          parallelism: 1,
          hashLength: 32,
        });
        equal(Array.from(tag).join(), Array.from(tagOf(small.phc)).join(), `${engine.name} tag`);
      }
    });

    test('hash then verify round-trips at the default cost; salts differ', async () => {
      const defaults = core.createPasswordHasher(
        core.createAuthConfig({ ...testing.testConfig, password: {} }),
      );
      const [first, second] = await Promise.all([
        defaults.hash('correct horse battery staple'),
        defaults.hash('correct horse battery staple'),
      ]);
      assert(first.startsWith('$argon2id$v=19$m=19456,t=2,p=1$'), `default cost: ${first}`);
      assert(first !== second, 'two hashes of one password differ');
      equal(await defaults.verify(first, 'correct horse battery staple'), true, 'verify');
      equal(await defaults.verify(second, 'correct horse battery stapl'), false, 'wrong password');
      equal(defaults.needsRehash(first), false, 'needsRehash at the configured cost');
    });

    test('needsRehash flags every hash not at the configured cost', async () => {
      const current = hasher();
      const phc = await current.hash('pw-needs-rehash');
      equal(current.needsRehash(phc), false, 'current cost');
      const stronger = hasher({ params: { ...cheap, iterations: 2 } });
      equal(stronger.needsRehash(phc), true, 'weaker than configured');
      equal(hasher({ params: { ...cheap, memoryKiB: 128 } }).needsRehash(phc), true, 'stronger');
      const [bcrypt] = vectors.bcrypt_openbsd.cases;
      equal(current.needsRehash(bcrypt?.hash ?? ''), true, 'bcrypt');
      equal(current.needsRehash('not a hash'), true, 'garbage');
    });

    test('a pepper binds hashes to it', async () => {
      const pepper = new Uint8Array(32).fill(9);
      const phc = await hasher({ pepper }).hash('peppered password');
      equal(await hasher({ pepper }).verify(phc, 'peppered password'), true, 'same pepper');
      equal(await hasher().verify(phc, 'peppered password'), false, 'no pepper');
      const other = new Uint8Array(32).fill(8);
      equal(await hasher({ pepper: other }).verify(phc, 'peppered password'), false, 'other');
    });

    test('legacy bcrypt: OpenBSD vectors in $2a$, $2b$ and $2y$ spellings', async () => {
      const verifier = hasher();
      for (const { hash, password } of vectors.bcrypt_openbsd.cases) {
        for (const prefix of ['$2a$', '$2b$', '$2y$']) {
          const spelled = prefix + hash.slice(4);
          equal(await verifier.verify(spelled, password), true, `verify ${spelled}`);
          equal(await verifier.verify(spelled, `${password}x`), false, 'wrong password');
        }
        equal(await verifier.verify(`$2x$${hash.slice(4)}`, password), false, '$2x$ refused');
        equal(verifier.algorithmOf(hash), 'bcrypt', 'algorithmOf');
      }
    });

    test('hostile stored hashes are false, never a throw or a huge allocation', async () => {
      const verifier = hasher();
      const [vector] = vectors.argon2id_reference_impl.cases;
      const planted = vector?.phc.replace('m=65536', 'm=4294967295') ?? '';
      for (const stored of [planted, '', '$argon2id$', 'x'.repeat(100_000), '$2b$31$x']) {
        equal(await verifier.verify(stored, 'password'), false, `verify ${stored.slice(0, 40)}`);
      }
      const long = 'a'.repeat(73);
      const [bcrypt] = vectors.bcrypt_openbsd.cases;
      equal(await verifier.verify(bcrypt?.hash ?? '', long), false, 'bcrypt over 72 bytes');
    });
  });
}
