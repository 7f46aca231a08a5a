/**
 * Turns the configured `AccessTokenKeyInput`s into what jose signs and verifies with.
 * Imports are lazy (a key is imported the first time a token names it) and cached per
 * resolved config, so verification does no key parsing on the hot path: HS256 secrets
 * become non-extractable WebCrypto keys once, instead of jose importing the raw bytes on
 * every call (that import dominated verification time).
 */
import { exportJWK, importJWK, type JWK } from 'jose';
import type {
  AccessTokenAlgorithm,
  AccessTokenKeyInput,
  AsymmetricKeyInput,
  AuthConfig,
} from '../config.ts';
import { ConfigError } from '../errors.ts';
import { importHmacKey } from '../primitives/index.ts';

type KeySettings = AuthConfig['accessToken'];

/** What jose signs or verifies with: a `CryptoKey`, or the raw secret for HS256. */
export type KeyMaterial = CryptoKey | Uint8Array;

/** The key that signs new tokens, with the header values that name it. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: AccessTokenAlgorithm;
  readonly key: KeyMaterial;
}

/** Imported keys per resolved config; the config object is immutable, so entries never go stale. */
const imported = new WeakMap<KeySettings, Map<string, Promise<KeyMaterial>>>();

function cached(settings: KeySettings, slot: string, load: () => Promise<KeyMaterial>) {
  let slots = imported.get(settings);
  if (!slots) {
    slots = new Map();
    imported.set(settings, slots);
  }
  let entry = slots.get(slot);
  if (!entry) {
    entry = load();
    slots.set(slot, entry);
  }
  return entry;
}

/** The configured key with this `kid`, compared as a string (never an object lookup). */
export function findKey(settings: KeySettings, kid: string): AccessTokenKeyInput | undefined {
  return settings.keys.find((key) => key.kid === kid);
}

/** Public members per key type (RFC 7518 §6.2.1, RFC 8037 §2): never `d` or anything else. */
const EXPECTED = {
  ES256: { kty: 'EC', crv: 'P-256', members: ['x', 'y'], name: 'ECDSA' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', members: ['x'], name: 'Ed25519' },
} as const;

function isJwk(value: JsonWebKey | CryptoKey): value is JsonWebKey {
  return typeof (value as JsonWebKey).kty === 'string';
}

/** Refuses a CryptoKey of the wrong algorithm or kind before jose ever sees it. */
function checkCryptoKey(key: CryptoKey, input: AsymmetricKeyInput, type: KeyType): CryptoKey {
  const algorithm = key.algorithm as { name: string; namedCurve?: string };
  const expected = EXPECTED[input.alg];
  const curveOk = input.alg !== 'ES256' || algorithm.namedCurve === expected.crv;
  if (key.type !== type || algorithm.name !== expected.name || !curveOk) {
    throw new ConfigError(`accessToken key "${input.kid}" is not a ${type} ${input.alg} key`);
  }
  return key;
}

/** The public JWK of an asymmetric key: only `kty`, `crv` and the public coordinates. */
export async function publicJwkOf(input: AsymmetricKeyInput): Promise<JWK> {
  let source: JsonWebKey;
  if (isJwk(input.publicKey)) source = input.publicKey;
  else {
    const key = checkCryptoKey(input.publicKey, input, 'public');
    try {
      source = await exportJWK(key);
    } catch (cause) {
      throw new ConfigError(`accessToken key "${input.kid}" public key is not extractable`, {
        cause,
      });
    }
  }
  const expected = EXPECTED[input.alg];
  if (source.kty !== expected.kty || source.crv !== expected.crv) {
    throw new ConfigError(
      `accessToken key "${input.kid}" is not an ${input.alg} (${expected.crv}) key`,
    );
  }
  const jwk: JWK = { kty: expected.kty, crv: expected.crv };
  for (const member of expected.members) {
    const value = source[member];
    if (typeof value !== 'string')
      throw new ConfigError(`accessToken key "${input.kid}" lacks "${member}"`);
    jwk[member] = value;
  }
  return jwk;
}

async function importAsymmetric(input: AsymmetricKeyInput, jwk: JWK): Promise<CryptoKey> {
  try {
    const key = await importJWK(jwk, input.alg, { extractable: false });
    if (key instanceof Uint8Array) throw new TypeError('expected an asymmetric key');
    return key;
  } catch (cause) {
    throw new ConfigError(`accessToken key "${input.kid}" cannot be imported`, { cause });
  }
}

/**
 * The key that verifies tokens naming `input.kid`. For an asymmetric key only its public
 * members are imported, so a JWK that also carries `d` still yields a verify-only key.
 * Throws `ConfigError` when the configured key is unusable.
 */
export function verificationKey(
  settings: KeySettings,
  input: AccessTokenKeyInput,
): Promise<KeyMaterial> {
  return cached(settings, `verify:${input.kid}`, async () => {
    if (input.alg === 'HS256') return importHmacKey(input.secret, 'verify');
    if (!isJwk(input.publicKey)) return checkCryptoKey(input.publicKey, input, 'public');
    return importAsymmetric(input, await publicJwkOf(input));
  });
}

/** The configured signing key (`signingKid`). Throws `ConfigError` when it is unusable. */
export async function signingKey(settings: KeySettings): Promise<SigningKey> {
  const input = findKey(settings, settings.signingKid);
  if (!input)
    throw new ConfigError(
      `accessToken.signingKid "${settings.signingKid}" is not in accessToken.keys`,
    );
  const key = await cached(settings, `sign:${input.kid}`, async () => {
    if (input.alg === 'HS256') return importHmacKey(input.secret, 'sign');
    const privateKey = input.privateKey;
    if (!privateKey)
      throw new ConfigError(`accessToken signing key "${input.kid}" needs a privateKey`);
    if (!isJwk(privateKey)) return checkCryptoKey(privateKey, input, 'private');
    if (typeof privateKey.d !== 'string') {
      throw new ConfigError(`accessToken key "${input.kid}" privateKey has no private part`);
    }
    return importAsymmetric(input, privateKey as JWK);
  });
  return { kid: input.kid, alg: input.alg, key };
}

/** A JWK Set (RFC 7517 §5) of public verification keys. */
export interface PublicKeySet {
  readonly keys: JWK[];
}

/**
 * The public JWKs of every asymmetric key, for a JWKS endpoint (RFC 7517 §5). HS256
 * secrets are never published and private members never copied.
 */
export async function publicJwks(config: AuthConfig): Promise<PublicKeySet> {
  const keys: JWK[] = [];
  for (const input of config.accessToken.keys) {
    if (input.alg === 'HS256') continue;
    keys.push({ ...(await publicJwkOf(input)), kid: input.kid, alg: input.alg, use: 'sig' });
  }
  return { keys };
}
