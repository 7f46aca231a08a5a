import { nativeArgon2id } from '@portcullis/hasher-node';
import { ARGON2, benchAuth, nativeHasher, PASSWORD, signInOnce } from './bench-auth.ts';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

/**
 * Sign-in wall time (Node hasher, memory adapter) ÷ one bare argon2id computation at the
 * same parameters by the fastest engine here (native `@node-rs/argon2`). The ratio is what
 * the flow adds around the unavoidable hash: 1 means the hash is all there is.
 */
export async function signInVersusArgon2(options: {
  rounds: number;
  warmup: number;
}): Promise<PairResult> {
  const auth = await benchAuth(nativeHasher(1));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return measurePair(
    { label: 'signIn', run: () => signInOnce(auth) },
    {
      label: 'bare native argon2id',
      run: () =>
        nativeArgon2id({ password: PASSWORD, salt, secret: null, ...ARGON2, hashLength: 32 }),
    },
    { ...options, batch: 1 },
  );
}
