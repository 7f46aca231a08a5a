import fc from 'fast-check';
import { CompactSign, type JWK, type JWTHeaderParameters, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { untyped } from '../../test/untyped.ts';
import type { AccessTokenKeyInput } from '../config.ts';
import { createAuthConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { base64url, utf8 } from '../primitives/index.ts';
import { generateAccessTokenKey, issueAccessToken, verifyAccessToken } from './index.ts';

const START = new Date('2025-03-01T12:00:00Z');
const NOW = START.getTime() / 1000;
const ISSUER = 'https://auth.example.test';
const AUDIENCE = 'https://api.example.test';
const SECRET = crypto.getRandomValues(new Uint8Array(32));
const HS: AccessTokenKeyInput = { kid: 'hs', alg: 'HS256', secret: SECRET };
const ES = await generateAccessTokenKey('ES256', 'es');
const ED = await generateAccessTokenKey('EdDSA', 'ed');

function harness(keys: readonly AccessTokenKeyInput[] = [HS]) {
  const config = createAuthConfig({
    secret: 'server-secret-server-secret-server-secret',
    issuer: ISSUER,
    audience: AUDIENCE,
    accessToken: { keys, ttl: 900, clockSkew: 30 },
  });
  let now = START;
  return {
    deps: {
      config,
      clock: { now: () => now },
      random: { bytes: (n: number) => crypto.getRandomValues(new Uint8Array(n)) },
    },
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

const HEADER = { alg: 'HS256', kid: 'hs', typ: 'at+jwt' };
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  sid: 'session-1',
  iat: NOW,
  exp: NOW + 900,
  iss: ISSUER,
  aud: AUDIENCE,
  jti: 'jti-1',
  aal: 'aal1',
  ...extra,
});

/** Signs exactly these payload bytes, so hostile JSON (`__proto__`, `1e400`) reaches the verifier. */
function signRaw(
  payloadJson: string,
  header: JWTHeaderParameters = HEADER,
  key: Uint8Array = SECRET,
) {
  return new CompactSign(utf8(payloadJson)).setProtectedHeader(header).sign(key);
}

const sign = (payload: object, header: JWTHeaderParameters = HEADER) =>
  new SignJWT({ ...payload }).setProtectedHeader(header).sign(SECRET);
const encode = (value: unknown) => base64url(utf8(JSON.stringify(value)));
const refused = (reason: string) => ({ ok: false, reason });

describe('verifyAccessToken refuses forged keys and algorithms', () => {
  it('refuses alg: none with an empty signature', async () => {
    const { deps } = harness();
    const token = `${encode({ alg: 'none', kid: 'hs', typ: 'at+jwt' })}.${encode(claims())}.`;
    expect(await verifyAccessToken(deps, { accessToken: token })).toEqual(
      refused('algorithm_not_allowed'),
    );
    const noneNoKid = `${encode({ alg: 'none' })}.${encode(claims())}.`;
    expect(await verifyAccessToken(deps, { accessToken: noneNoKid })).toEqual(
      refused('algorithm_not_allowed'),
    );
  });

  it('refuses an HS256 token keyed with the ES256 public key (algorithm confusion)', async () => {
    if (ES.alg === 'HS256') throw new Error('expected ES256');
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      ES.publicKey as JsonWebKey,
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    );
    const rawPublic = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
    const forged = await signRaw(
      JSON.stringify(claims()),
      { alg: 'HS256', kid: 'es', typ: 'at+jwt' },
      rawPublic,
    );
    expect(await verifyAccessToken(harness([ES]).deps, { accessToken: forged })).toEqual(
      refused('algorithm_not_allowed'),
    );
    // Even when HS256 is configured for another kid, the ES256 kid only accepts ES256.
    expect(await verifyAccessToken(harness([HS, ES]).deps, { accessToken: forged })).toEqual(
      refused('algorithm_not_allowed'),
    );
  });

  it('refuses a tampered payload', async () => {
    for (const key of [HS, ES, ED]) {
      const { deps } = harness([key]);
      const [header, , signature] = (
        await issueAccessToken(deps, { userId: 'user-1', sessionId: 's', aal: 'aal1' })
      ).token.split('.');
      const tampered = `${header}.${encode(claims({ sub: 'admin', sid: 's' }))}.${signature}`;
      expect(await verifyAccessToken(deps, { accessToken: tampered })).toEqual(
        refused('bad_signature'),
      );
    }
  });

  it('refuses an unknown, missing or non-string kid', async () => {
    const { deps } = harness();
    expect(
      await verifyAccessToken(deps, {
        accessToken: await sign(claims(), { ...HEADER, kid: 'other' }),
      }),
    ).toEqual(refused('unknown_key'));
    expect(
      await verifyAccessToken(deps, {
        accessToken: await sign(claims(), { alg: 'HS256', typ: 'at+jwt' }),
      }),
    ).toEqual(refused('unknown_key'));
    const numericKid = `${encode({ ...HEADER, kid: 1 })}.${encode(claims())}.c2ln`;
    expect(await verifyAccessToken(deps, { accessToken: numericKid })).toEqual(
      refused('unknown_key'),
    );
  });

  it.each<[string, Partial<JWTHeaderParameters>]>([
    ['jku', { jku: 'https://attacker.example/jwks.json' }],
    ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
    ['jwk', { jwk: { kty: 'oct', k: base64url(SECRET) } as JWK }],
    ['x5c', { x5c: ['MIIB'] }],
  ])('refuses a token carrying a %s header even when correctly signed', async (_name, extra) => {
    const { deps } = harness();
    expect(
      await verifyAccessToken(deps, { accessToken: await sign(claims(), { ...HEADER, ...extra }) }),
    ).toEqual(refused('malformed'));
  });
});

describe('verifyAccessToken refuses processing-changing headers', () => {
  /** HS256 by hand, so jose's signer cannot refuse the header under test. */
  async function signByHand(header: object, payload: object) {
    const input = `${encode(header)}.${encode(payload)}`;
    const key = await crypto.subtle.importKey(
      'raw',
      SECRET,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(input))))}`;
  }

  it('refuses crit and b64 (RFC 7797) even when correctly signed', async () => {
    const { deps } = harness();
    expect(
      (await verifyAccessToken(deps, { accessToken: await signByHand(HEADER, claims()) })).ok,
    ).toBe(true);
    for (const extra of [{ crit: ['exp'] }, { crit: ['b64'], b64: false }, { b64: true }]) {
      expect(
        await verifyAccessToken(deps, {
          accessToken: await signByHand({ ...HEADER, ...extra }, claims()),
        }),
      ).toEqual(refused('malformed'));
    }
  });
});

describe('verifyAccessToken checks claims', () => {
  it.each<[string, JWTHeaderParameters, Record<string, unknown>]>([
    ['wrong iss', HEADER, { iss: 'https://other.example' }],
    ['wrong aud', HEADER, { aud: 'https://other-api.example' }],
    ['aud as an array', HEADER, { aud: [AUDIENCE, 'x'] }],
    ['typ JWT (e.g. an ID token)', { ...HEADER, typ: 'JWT' }, {}],
    ['missing typ', { alg: 'HS256', kid: 'hs' }, {}],
    ['missing exp', HEADER, { exp: undefined }],
    ['missing sid', HEADER, { sid: undefined }],
    ['numeric sub', HEADER, { sub: 42 }],
    ['string exp', HEADER, { exp: String(NOW + 900) }],
    ['unknown aal', HEADER, { aal: 'aal3' }],
    ['scope that is not a string', HEADER, { scope: ['read'] }],
    ['exp not after iat', HEADER, { exp: NOW }],
  ])('refuses %s as invalid_claims', async (_label, header, extra) => {
    const { deps } = harness();
    expect(
      await verifyAccessToken(deps, { accessToken: await sign(claims(extra), header) }),
    ).toEqual(refused('invalid_claims'));
  });

  it('refuses exp = 1e400 (Infinity), which would otherwise never expire', async () => {
    const { deps } = harness();
    const json = JSON.stringify(claims()).replace(`"exp":${NOW + 900}`, '"exp":1e400');
    expect(await verifyAccessToken(deps, { accessToken: await signRaw(json) })).toEqual(
      refused('invalid_claims'),
    );
  });

  it('expires at exp + clock skew, not before', async () => {
    const { deps, advance } = harness();
    const { token } = await issueAccessToken(deps, { userId: 'u', sessionId: 's', aal: 'aal1' });
    advance(900 + 29);
    expect((await verifyAccessToken(deps, { accessToken: token })).ok).toBe(true);
    advance(1);
    expect(await verifyAccessToken(deps, { accessToken: token })).toEqual(refused('expired'));
  });

  it('refuses nbf or iat in the future beyond the skew, accepts within it', async () => {
    const { deps } = harness();
    expect(
      await verifyAccessToken(deps, { accessToken: await sign(claims({ nbf: NOW + 31 })) }),
    ).toEqual(refused('not_yet_valid'));
    expect(
      await verifyAccessToken(deps, { accessToken: await sign(claims({ iat: NOW + 31 })) }),
    ).toEqual(refused('not_yet_valid'));
    expect(
      (
        await verifyAccessToken(deps, {
          accessToken: await sign(claims({ nbf: NOW + 30, iat: NOW + 30 })),
        })
      ).ok,
    ).toBe(true);
  });

  it('refuses an org without org_role, an org_role without org, and an unknown role', async () => {
    const { deps } = harness();
    for (const extra of [
      { org: 'org_1' },
      { org_role: 'owner' },
      { org: 'org_1', org_role: 'root' },
      { org: '', org_role: 'member' },
    ]) {
      const result = await verifyAccessToken(deps, { accessToken: await sign(claims(extra)) });
      expect(result, JSON.stringify(extra)).toEqual({ ok: false, reason: 'invalid_claims' });
    }
    const both = await verifyAccessToken(deps, {
      accessToken: await sign(claims({ org: 'org_1', org_role: 'member' })),
    });
    expect(both.ok && both.claims.organization).toEqual({ id: 'org_1', role: 'member' });
  });

  it('copies only allowlisted claims: __proto__ and constructor neither pollute nor leak', async () => {
    const { deps } = harness();
    const json = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(claims()).slice(1)}`;
    const result = await verifyAccessToken(deps, { accessToken: await signRaw(json) });
    if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
    expect(Object.keys(result.claims).sort()).toEqual(
      [
        'aal',
        'audience',
        'expiresAt',
        'issuedAt',
        'issuer',
        'jti',
        'organization',
        'scopes',
        'sessionId',
        'userId',
      ].sort(),
    );
    expect(Object.getPrototypeOf(result.claims)).toBe(Object.prototype);
    expect(Object.hasOwn(result.claims, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((result.claims as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('verifyAccessToken refuses malformed input without throwing', () => {
  it('refuses a correctly signed token over 8192 characters', async () => {
    const { deps } = harness();
    const token = await sign(claims({ padding: 'x'.repeat(10_240) }));
    expect(await verifyAccessToken(deps, { accessToken: token })).toEqual(refused('malformed'));
  });

  it.each(['', 'a.b', 'a.b.c.d', 'a.b.c', '!!.b.c'])('refuses %j', async (accessToken) => {
    expect(await verifyAccessToken(harness().deps, { accessToken })).toEqual(refused('malformed'));
  });

  it.each([undefined, null, 42, {}, ['a.b.c']])(
    'throws InputError for the non-string %j (a caller bypassing the types)',
    async (accessToken) => {
      await expect(
        verifyAccessToken(harness().deps, { accessToken: untyped(accessToken) }),
      ).rejects.toBeInstanceOf(InputError);
    },
  );

  it('refuses a valid token passed as bytes (jose would accept a Uint8Array)', async () => {
    const token = await sign(claims());
    await expect(
      verifyAccessToken(harness().deps, { accessToken: untyped(utf8(token)) }),
    ).rejects.toBeInstanceOf(InputError);
    expect((await verifyAccessToken(harness().deps, { accessToken: token })).ok).toBe(true);
  });

  it('always resolves { ok: false } for arbitrary strings and JWS-shaped garbage', async () => {
    const { deps } = harness([HS, ES, ED]);
    const segment = fc.string({ unit: fc.constantFrom(...'ABCabc012_-'.split('')), maxLength: 40 });
    const header = fc
      .record({
        alg: fc.constantFrom('HS256', 'ES256', 'EdDSA', 'none', 'RS256', 'NONE'),
        kid: fc.constantFrom('hs', 'es', 'ed', 'nope', '__proto__'),
        typ: fc.constantFrom('at+jwt', 'JWT'),
      })
      .map(encode);
    const token = fc.oneof(
      fc.string(),
      fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
      fc.tuple(header, fc.jsonValue().map(encode), segment).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(token, async (input) => {
        expect((await verifyAccessToken(deps, { accessToken: input })).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
