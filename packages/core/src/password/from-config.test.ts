import { describe, expect, it } from 'vitest';
import { createAuthConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { createArgon2idHasher, createPasswordHasher } from './index.ts';

const small = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const limits = { memoryKiB: 65_536, iterations: 4, parallelism: 4 };
const fixedRandom = {
  bytes: (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => i)),
};

describe('createArgon2idHasher configuration', () => {
  it('refuses parameters that exceed the verify limits or break m ≥ 8p', () => {
    const make = (params: typeof small) => () =>
      createArgon2idHasher({ params, verifyLimits: limits, pepper: null });
    expect(make({ memoryKiB: 131_072, iterations: 1, parallelism: 1 })).toThrow(ConfigError);
    expect(make({ memoryKiB: 16, iterations: 1, parallelism: 4 })).toThrow(ConfigError);
    expect(make({ memoryKiB: 256, iterations: 0, parallelism: 1 })).toThrow(ConfigError);
    expect(make({ memoryKiB: 256.5, iterations: 1, parallelism: 1 })).toThrow(ConfigError);
  });
});

describe('createPasswordHasher', () => {
  const base = {
    secret: 'a-server-secret-of-at-least-32-bytes!!',
    issuer: 'https://issuer.test',
    audience: 'api',
    accessToken: {
      keys: [{ kid: 'k1', alg: 'HS256' as const, secret: new Uint8Array(32).fill(7) }],
    },
  };

  it('hashes with the configured argon2 parameters and pepper', async () => {
    const password = {
      argon2: { memoryKiB: 512, iterations: 1 },
      pepper: 'a-pepper-of-16-bytes-or-more',
    };
    const configured = createPasswordHasher(createAuthConfig({ ...base, password }), fixedRandom);
    const phc = await configured.hash('configured password');
    expect(phc.startsWith('$argon2id$v=19$m=512,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$')).toBe(true);
    expect(configured.needsRehash(phc)).toBe(false);
    expect(await configured.verify(phc, 'configured password')).toBe(true);
    const unpeppered = createPasswordHasher(
      createAuthConfig({ ...base, password: { argon2: password.argon2 } }),
    );
    expect(await unpeppered.verify(phc, 'configured password')).toBe(false);
  });
});
