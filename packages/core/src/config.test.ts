import { describe, expect, it } from 'vitest';
import type { AuthConfig, AuthConfigInput } from './config.ts';
import { createAuthConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { testConfig } from './testing/index.ts';

/** An `AuthConfig`'s fields without its brand: what a hand-written object could be. */
type LookAlike = { [Key in keyof AuthConfig as Key extends string ? Key : never]: AuthConfig[Key] };

describe('createAuthConfig', () => {
  it('brands its result: an object of the same shape is not an AuthConfig', () => {
    const config: AuthConfig = createAuthConfig(testConfig);
    const lookAlike: LookAlike = { ...config };
    // @ts-expect-error only createAuthConfig makes an AuthConfig (the brand is missing)
    const forged: AuthConfig = lookAlike;
    expect(forged.issuer).toBe(config.issuer);
  });

  it('fills in secure defaults (OWASP argon2id floor, strict refresh reuse, verification required)', () => {
    const config = createAuthConfig({ ...testConfig, password: {} });
    expect(config.password.argon2).toEqual({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    expect(config.password.minLength).toBe(8);
    expect(config.refreshToken.reuseGrace).toBe(0);
    expect(config.emailVerification).toMatchObject({
      method: 'code',
      required: true,
      maxAttempts: 5,
    });
    expect(config.accessToken).toMatchObject({ signingKid: 'k1', ttl: 900, clockSkew: 30 });
  });

  const hs = (secret: Uint8Array) => ({ keys: [{ kid: 'k', alg: 'HS256' as const, secret }] });
  it.each<[string, Partial<AuthConfigInput>]>([
    ['a short server secret', { secret: 'too short' }],
    ['an HS256 key under 32 bytes', { accessToken: hs(new Uint8Array(31)) }],
    ['no access-token keys', { accessToken: { keys: [] } }],
    [
      'a signing kid not in the key set',
      { accessToken: { ...hs(new Uint8Array(32)), signingKid: 'other' } },
    ],
    [
      'two keys with one kid',
      { accessToken: { keys: [...hs(new Uint8Array(32)).keys, ...hs(new Uint8Array(32)).keys] } },
    ],
    [
      'an asymmetric signing key without a private key',
      { accessToken: { keys: [{ kid: 'e', alg: 'ES256', publicKey: { kty: 'EC' } }] } },
    ],
    [
      'an unsupported algorithm',
      { accessToken: { keys: [{ kid: 'n', alg: 'none', secret: new Uint8Array(32) } as never] } },
    ],
    ['argon2 memory below the floor', { password: { argon2: { memoryKiB: 4 } } }],
    [
      'a verify limit below the hashing cost',
      { password: { argon2: { memoryKiB: 65_536 }, verifyLimits: { memoryKiB: 1024 } } },
    ],
    ['a fractional ttl', { accessToken: { ...hs(new Uint8Array(32)), ttl: 1.5 } }],
    [
      'a clock skew above 5 minutes',
      { accessToken: { ...hs(new Uint8Array(32)), clockSkew: 301 } },
    ],
    [
      'an idle timeout beyond the absolute lifetime',
      { session: { absoluteTtl: 3600, idleTtl: 7200 } },
    ],
    ['an empty issuer', { issuer: ' ' }],
    ['an unknown verification method', { emailVerification: { method: 'sms' as never } }],
    ['a short pepper', { password: { pepper: 'pepper' } }],
  ])('rejects %s with ConfigError', (_, override) => {
    expect(() => createAuthConfig({ ...testConfig, ...override })).toThrow(ConfigError);
  });

  it('names the bad setting without echoing secret values', () => {
    const error = (() => {
      try {
        createAuthConfig({ ...testConfig, secret: 'hunter2-short' });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('secret');
    expect(error.message).not.toContain('hunter2');
  });

  it('copies HS256 key secrets: mutating the caller buffer later changes nothing', () => {
    const secret = new Uint8Array(32).fill(7);
    const config = createAuthConfig({
      ...testConfig,
      accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret }] },
    });
    secret.fill(0);
    const [key] = config.accessToken.keys;
    expect(key?.alg === 'HS256' && Array.from(key.secret)).toEqual(Array(32).fill(7));
    expect(() =>
      createAuthConfig({
        ...testConfig,
        accessToken: { keys: 'nope' as unknown as AuthConfigInput['accessToken']['keys'] },
      }),
    ).toThrow(ConfigError);
  });
});
