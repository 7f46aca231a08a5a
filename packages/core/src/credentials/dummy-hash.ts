import type { PasswordHasher } from '../password/index.ts';

const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();

/**
 * A stored hash at the hasher's current parameters: its `unmatchableHash` when it has one,
 * else a real hash computed once per hasher. Sign-in
 * verifies against it when no account matches, so an unknown email costs the same time as
 * a wrong password and response timing does not reveal which accounts exist.
 *
 * A failed computation is not kept: a bounded hasher refusing it once (`BusyError` under a
 * flood) must not make every later unknown-email sign-in fail with that same error.
 */
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  if (hasher.unmatchableHash) return Promise.resolve(hasher.unmatchableHash());
  let hash = dummyHashes.get(hasher);
  if (!hash) {
    hash = hasher.hash('portcullis timing-equaliser password').catch((error: unknown) => {
      dummyHashes.delete(hasher);
      throw error;
    });
    dummyHashes.set(hasher, hash);
  }
  return hash;
}
