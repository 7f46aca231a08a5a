import { type Case, collect, equal } from '../registry.ts';
import type { ConformanceTarget, MintedHash } from '../target.ts';
import { derivedKeysHex } from './keys.ts';

/** The password every runtime hashes for the others. */
export const MINT_PASSWORD = 'Tr0ub4dor & 3 — pässwörd 🔑';
/** Every runtime hashes under this pepper, so verifying also proves the pepper matches. */
const MINT_PEPPER = 'conformance pepper, 32 bytes or more';

/** The default hasher, at the default cost, that every runtime mints and verifies with. */
function mintHasher({ core, testing }: ConformanceTarget) {
  const config = core.createAuthConfig({
    ...testing.testConfig,
    password: { pepper: MINT_PEPPER },
  });
  return core.createPasswordHasher(config);
}

/** A hash made here by the default hasher, for the other runtimes to verify. */
export async function mintHash(target: ConformanceTarget): Promise<MintedHash> {
  const engine = await target.core.selectPasswordEngine();
  const phc = await mintHasher(target).hash(MINT_PASSWORD);
  return {
    runtime: target.runtime,
    engine: engine.name,
    phc,
    derivedKeys: await derivedKeysHex(target),
  };
}

/** A hash minted on each runtime verifies here, on this runtime's default hasher. */
export function crossRuntimeCases(target: ConformanceTarget): Case[] {
  return collect('cross-runtime', (test) => {
    test('a hash minted here verifies here (and the portable engine agrees)', async () => {
      const minted = await mintHash(target);
      equal(await mintHasher(target).verify(minted.phc, MINT_PASSWORD), true, 'default hasher');
      const portable = target.core.createArgon2idHasher({
        params: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
        verifyLimits: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
        pepper: new TextEncoder().encode(MINT_PEPPER),
        engine: target.core.portableArgon2id,
        bcryptVerify: target.core.portableBcryptVerify,
      });
      equal(await portable.verify(minted.phc, MINT_PASSWORD), true, 'portable engine');
    });

    for (const minted of target.minted ?? []) {
      test(`a hash minted on ${minted.runtime} (${minted.engine}) verifies`, async () => {
        const hasher = mintHasher(target);
        equal(await hasher.verify(minted.phc, MINT_PASSWORD), true, 'right password');
        equal(await hasher.verify(minted.phc, `${MINT_PASSWORD} `), false, 'wrong password');
        equal(hasher.needsRehash(minted.phc), false, 'same cost everywhere');
      });
    }
  });
}
