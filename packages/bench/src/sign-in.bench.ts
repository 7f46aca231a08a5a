import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createAuth } from '@portcullis/core';
import { argon2id } from 'hash-wasm';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

const argon2 = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };
const accessKey = crypto.getRandomValues(new Uint8Array(32));

/**
 * Sign-in wall time ÷ one bare argon2id hash at the same (OWASP default) parameters. The
 * ratio shows what the flow adds around the unavoidable hash: close to 1 means the hash
 * dominates, as it should.
 */
export async function signInVersusArgon2(options: {
  rounds: number;
  warmup: number;
}): Promise<PairResult> {
  const auth = createAuth({
    config: {
      secret: crypto.getRandomValues(new Uint8Array(32)),
      issuer: 'https://bench.local',
      audience: 'bench',
      accessToken: { keys: [{ kid: 'k', alg: 'HS256', secret: accessKey }] },
      password: { argon2 },
      emailVerification: { required: false },
    },
    repos: createMemoryRepositories(),
    mailer: { send: async () => {} },
  });
  const email = 'bench@example.com';
  const password = 'correct horse battery staple';
  await auth.signUp({ email, password });
  const salt = crypto.getRandomValues(new Uint8Array(16));

  return measurePair(
    {
      label: 'signIn (memory adapter)',
      run: async () => {
        const result = await auth.signIn({ email, password });
        if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
      },
    },
    {
      label: 'bare argon2id hash',
      run: () =>
        argon2id({
          password,
          salt,
          memorySize: argon2.memoryKiB,
          iterations: argon2.iterations,
          parallelism: argon2.parallelism,
          hashLength: 32,
          outputType: 'binary',
        }),
    },
    { ...options, batch: 1 },
  );
}
