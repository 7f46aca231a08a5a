import type { PasswordHasher } from '../password/index.ts';

const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();

/**
 * A real hash at the hasher's current parameters, computed once per hasher. Sign-in
 * verifies against it when no account matches, so an unknown email costs the same time as
 * a wrong password and response timing does not reveal which accounts exist.
 */
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(hasher);
  if (!hash) {
    hash = hasher.hash('portcullis timing-equaliser password');
    dummyHashes.set(hasher, hash);
  }
  return hash;
}
