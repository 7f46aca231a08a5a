import { nativeArgon2id } from '@portcullis/hasher-node';
import { ARGON2, benchAuth, nativeHasher, PASSWORD, signInOnce } from './bench-auth.ts';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

/** Sign-ins in flight per sample: enough to keep every slot of either hasher busy. */
const IN_FLIGHT = 16;

/**
 * Sign-in throughput with the Node hasher computing on 2 threads ÷ on 1, the same burst of
 * `IN_FLIGHT` concurrent sign-ins alternating between the two. On an idle 2-core machine
 * the ideal is 2; other processes competing for the cores pull it down.
 */
export async function signInScaling(options: {
  rounds: number;
  warmup: number;
}): Promise<PairResult> {
  const one = await benchAuth(nativeHasher(1));
  const two = await benchAuth(nativeHasher(2));
  const burst = (auth: typeof one) => () =>
    Promise.all(Array.from({ length: IN_FLIGHT }, () => signInOnce(auth)));
  const result = await measurePair(
    { label: '2 threads', run: burst(two) },
    { label: '1 thread', run: burst(one) },
    { ...options, batch: 1 },
  );
  return {
    a: { ...result.a, medianMs: result.a.medianMs / IN_FLIGHT },
    b: { ...result.b, medianMs: result.b.medianMs / IN_FLIGHT },
    ratio: result.ratio,
  };
}

/**
 * The machine's own ceiling for `signInScaling`: bare native argon2id hashes at the same
 * parameters with at most 2 in flight ÷ at most 1, the same burst size. Two vCPUs that
 * share a physical core, or memory bandwidth (each hash fills 19 MiB), hold this below 2
 * whatever the library does; sign-in scaling can only approach it.
 */
export async function bareHashScaling(options: {
  rounds: number;
  warmup: number;
}): Promise<PairResult> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hashOnce = () =>
    nativeArgon2id({ password: PASSWORD, salt, secret: null, ...ARGON2, hashLength: 32 });
  const burst = (lanes: number) => async () => {
    let started = 0;
    const lane = async () => {
      while (started < IN_FLIGHT) {
        started += 1;
        await hashOnce();
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  };
  const result = await measurePair(
    { label: '2 lanes', run: burst(2) },
    { label: '1 lane', run: burst(1) },
    { ...options, batch: 1 },
  );
  return {
    a: { ...result.a, medianMs: result.a.medianMs / IN_FLIGHT },
    b: { ...result.b, medianMs: result.b.medianMs / IN_FLIGHT },
    ratio: result.ratio,
  };
}
