import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Auth, PasswordHasher } from '@portcullis/core';
import { createAuth, createAuthConfig } from '@portcullis/core';
import { createNodePasswordHasher } from '@portcullis/hasher-node';

/** The OWASP minimum for argon2id (m=19456 KiB, t=2, p=1), core's default. */
export const ARGON2 = { memoryKiB: 19_456, iterations: 2, parallelism: 1 } as const;
export const EMAIL = 'bench@example.com';
export const PASSWORD = 'correct horse battery staple';

const configInput = {
  secret: crypto.getRandomValues(new Uint8Array(32)),
  issuer: 'https://bench.local',
  audience: 'bench',
  accessToken: {
    keys: [{ kid: 'k', alg: 'HS256' as const, secret: crypto.getRandomValues(new Uint8Array(32)) }],
  },
  password: { argon2: ARGON2 },
  emailVerification: { required: false },
};

/** The config every benchmark's auth uses, for building hashers from. */
export const benchConfig = createAuthConfig(configInput);

/** The Node hasher with room for every benchmark's queue, `maxConcurrent` at once. */
export function nativeHasher(maxConcurrent: number): PasswordHasher {
  return createNodePasswordHasher(benchConfig, { maxConcurrent, maxQueued: 1_000 });
}

/** An auth on the memory adapter with one signed-up user (`EMAIL`, `PASSWORD`). */
export async function benchAuth(hasher?: PasswordHasher): Promise<Auth> {
  const auth = createAuth({
    config: configInput,
    repos: createMemoryRepositories(),
    mailer: { send: async () => {} },
    ...(hasher ? { hasher } : {}),
  });
  await auth.signUp({ email: EMAIL, password: PASSWORD });
  return auth;
}

/** One successful sign-in, or a thrown error (a benchmark must not time failures). */
export async function signInOnce(auth: Auth): Promise<void> {
  const result = await auth.signIn({ email: EMAIL, password: PASSWORD });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
}
