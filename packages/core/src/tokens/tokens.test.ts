import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AccessTokenAlgorithm, AccessTokenKeyInput, AuthConfigInput } from '../config.ts';
import { createAuthConfig } from '../config.ts';
import { ConfigError, InputError } from '../errors.ts';
import { base64url } from '../primitives/index.ts';
import {
  generateAccessTokenKey,
  issueAccessToken,
  publicJwks,
  verifyAccessToken,
} from './index.ts';

const START = new Date('2025-03-01T12:00:00.750Z');
const START_SECONDS = Math.floor(START.getTime() / 1000);

function harness(
  keys: readonly AccessTokenKeyInput[],
  accessToken: Partial<AuthConfigInput['accessToken']> = {},
) {
  const config = createAuthConfig({
    secret: 'server-secret-server-secret-server-secret',
    issuer: 'https://auth.example.test',
    audience: 'https://api.example.test',
    accessToken: { keys, ...accessToken },
  });
  let now = START;
  return {
    config,
    deps: {
      config,
      clock: { now: () => now },
      random: { bytes: (n: number) => new Uint8Array(n).fill(7) },
    },
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

const session = { userId: 'user-1', sessionId: 'session-1', aal: 'aal1' } as const;

describe('issueAccessToken / verifyAccessToken round trip', () => {
  it.each<AccessTokenAlgorithm>(['HS256', 'EdDSA', 'ES256'])('round-trips with %s', async (alg) => {
    const { deps } = harness([await generateAccessTokenKey(alg, `k-${alg}`)]);
    const issued = await issueAccessToken(deps, {
      ...session,
      aal: 'aal2',
      scopes: ['read:profile', 'write'],
    });

    expect(decodeProtectedHeader(issued.token)).toEqual({ alg, kid: `k-${alg}`, typ: 'at+jwt' });
    const result = await verifyAccessToken(deps, { accessToken: issued.token });
    expect(result).toEqual({ ok: true, claims: issued.claims });
    expect(issued.claims).toEqual({
      userId: 'user-1',
      sessionId: 'session-1',
      issuedAt: new Date(START_SECONDS * 1000),
      expiresAt: new Date((START_SECONDS + 900) * 1000),
      issuer: 'https://auth.example.test',
      audience: 'https://api.example.test',
      jti: base64url(new Uint8Array(16).fill(7)),
      aal: 'aal2',
      scopes: ['read:profile', 'write'],
      organization: null,
    });
    expect(issued.expiresAt).toEqual(issued.claims.expiresAt);
  });

  it('writes RFC 9068 claims: scope as one space-separated string, times from the injected clock', async () => {
    const { deps } = harness([await generateAccessTokenKey('HS256', 'hs')], { ttl: 60 });
    const { token } = await issueAccessToken(deps, { ...session, scopes: ['a', 'b', 'a'] });
    expect(decodeJwt(token)).toEqual({
      sub: 'user-1',
      sid: 'session-1',
      aal: 'aal1',
      scope: 'a b',
      iss: 'https://auth.example.test',
      aud: 'https://api.example.test',
      jti: base64url(new Uint8Array(16).fill(7)),
      iat: START_SECONDS,
      exp: START_SECONDS + 60,
    });
  });

  it('omits scope when there are no scopes and verifies to an empty list', async () => {
    const { deps } = harness([await generateAccessTokenKey('HS256', 'hs')]);
    const { token } = await issueAccessToken(deps, session);
    expect(Object.hasOwn(decodeJwt(token), 'scope')).toBe(false);
    const result = await verifyAccessToken(deps, { accessToken: token });
    expect(result.ok && result.claims.scopes).toEqual([]);
  });

  it('accepts keys given as CryptoKeys', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const { deps } = harness([
      { kid: 'ck', alg: 'ES256', publicKey: pair.publicKey, privateKey: pair.privateKey },
    ]);
    const { token } = await issueAccessToken(deps, session);
    expect((await verifyAccessToken(deps, { accessToken: token })).ok).toBe(true);
  });
});

describe('input validation', () => {
  it.each([
    ['a space', ['read write']],
    ['a double quote', ['say"hi']],
    ['a backslash', ['back\\slash']],
    ['an empty scope', ['']],
    ['non-ASCII', ['lecture:é']],
    ['a control character', ['read\n']],
  ])('refuses a scope with %s', async (_label, scopes) => {
    const { deps } = harness([await generateAccessTokenKey('HS256', 'hs')]);
    const error = await issueAccessToken(deps, { ...session, scopes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([{ field: 'scopes', problem: 'invalid_format' }]);
  });

  it('refuses an empty user id and an unknown assurance level', async () => {
    const { deps } = harness([await generateAccessTokenKey('HS256', 'hs')]);
    const input = { ...session, userId: '', aal: 'aal3' as 'aal1' };
    const error = await issueAccessToken(deps, input).catch((e: unknown) => e);
    expect((error as InputError).issues).toEqual([
      { field: 'userId', problem: 'required' },
      { field: 'aal', problem: 'not_allowed' },
    ]);
  });

  it('refuses an HS256 secret shorter than 32 bytes at configuration time', () => {
    expect(() => harness([{ kid: 'short', alg: 'HS256', secret: new Uint8Array(31) }])).toThrow(
      ConfigError,
    );
  });
});

describe('key rotation', () => {
  it('verifies old tokens while the old key stays in the set, refuses them once it is removed', async () => {
    const oldKey = await generateAccessTokenKey('HS256', 'old');
    const newKey = await generateAccessTokenKey('EdDSA', 'new');
    const before = harness([oldKey]);
    const oldToken = (await issueAccessToken(before.deps, session)).token;

    const during = harness([oldKey, newKey], { signingKid: 'new' });
    const newToken = (await issueAccessToken(during.deps, session)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe('new');
    expect((await verifyAccessToken(during.deps, { accessToken: oldToken })).ok).toBe(true);
    expect((await verifyAccessToken(during.deps, { accessToken: newToken })).ok).toBe(true);

    const after = harness([newKey]);
    expect(await verifyAccessToken(after.deps, { accessToken: oldToken })).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect((await verifyAccessToken(after.deps, { accessToken: newToken })).ok).toBe(true);
  });
});

describe('publicJwks', () => {
  it('publishes only the public parts of asymmetric keys, never HS256 secrets', async () => {
    const ed = await generateAccessTokenKey('EdDSA', 'ed');
    const es = await generateAccessTokenKey('ES256', 'es');
    const { config } = harness([await generateAccessTokenKey('HS256', 'hs'), ed, es]);
    const { keys } = await publicJwks(config);
    expect(keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: (ed as { publicKey: JsonWebKey }).publicKey.x,
        kid: 'ed',
        alg: 'EdDSA',
        use: 'sig',
      },
      {
        kty: 'EC',
        crv: 'P-256',
        x: (es as { publicKey: JsonWebKey }).publicKey.x,
        y: (es as { publicKey: JsonWebKey }).publicKey.y,
        kid: 'es',
        alg: 'ES256',
        use: 'sig',
      },
    ]);
  });

  it('strips a private member wrongly placed in publicKey', async () => {
    const ed = await generateAccessTokenKey('EdDSA', 'ed');
    if (ed.alg === 'HS256' || !ed.privateKey) throw new Error('expected an EdDSA key pair');
    const { config, deps } = harness([{ ...ed, publicKey: ed.privateKey }]);
    const [jwk] = (await publicJwks(config)).keys;
    expect(jwk && Object.hasOwn(jwk, 'd')).toBe(false);
    // The leaked-private publicKey still verifies as a public key.
    expect(
      (
        await verifyAccessToken(deps, {
          accessToken: (await issueAccessToken(deps, session)).token,
        })
      ).ok,
    ).toBe(true);
  });
});

describe('generateAccessTokenKey', () => {
  it('generates a 32-byte HS256 secret and distinct key pairs', async () => {
    const hs = await generateAccessTokenKey('HS256', 'hs');
    expect(hs.alg === 'HS256' && hs.secret.byteLength).toBe(32);
    const a = await generateAccessTokenKey('EdDSA', 'a');
    const b = await generateAccessTokenKey('EdDSA', 'b');
    if (a.alg === 'HS256' || b.alg === 'HS256') throw new Error('expected key pairs');
    expect(a.publicKey).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect((a.publicKey as JsonWebKey).x).not.toBe((b.publicKey as JsonWebKey).x);
    expect(Object.hasOwn(a.publicKey, 'd')).toBe(false);
  });

  it('refuses an empty kid', async () => {
    await expect(generateAccessTokenKey('ES256', ' ')).rejects.toThrow(ConfigError);
  });
});

describe('tenant claims', () => {
  it('round-trip org and org_role; a token has both or neither', async () => {
    const { deps } = harness([await generateAccessTokenKey('HS256', 'hs')]);
    const organization = { id: 'org_1', role: 'admin' } as const;
    const issued = await issueAccessToken(deps, { ...session, organization });
    expect(decodeJwt(issued.token)).toMatchObject({ org: 'org_1', org_role: 'admin' });
    const result = await verifyAccessToken(deps, { accessToken: issued.token });
    expect(result.ok && result.claims.organization).toEqual(organization);
    const plain = await issueAccessToken(deps, session);
    expect(decodeJwt(plain.token)).not.toHaveProperty('org');
    await expect(
      issueAccessToken(deps, {
        ...session,
        organization: { id: 'org_1', role: 'root' as 'admin' },
      }),
    ).rejects.toBeInstanceOf(InputError);
  });
});
