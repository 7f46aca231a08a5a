/**
 * Validated configuration with secure defaults. `createAuthConfig` is the only way to get
 * an `AuthConfig`; it throws `ConfigError` (code `CONFIG_INVALID`) naming the bad setting.
 * Durations are in seconds.
 */
import { ConfigError } from './errors.ts';
import { utf8 } from './primitives/encoding.ts';

/** argon2id cost parameters (RFC 9106 §3.1). */
export interface Argon2Params {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
}

/** JWT algorithms Portcullis signs access tokens with. `none` is never accepted. */
export type AccessTokenAlgorithm = 'HS256' | 'EdDSA' | 'ES256';

/** A symmetric HS256 key: at least 32 random bytes (RFC 7518 §3.2 requires ≥ 256 bits). */
export interface HmacKeyInput {
  readonly kid: string;
  readonly alg: 'HS256';
  readonly secret: Uint8Array;
}

/** An asymmetric key as JWK or WebCrypto `CryptoKey`. Without `privateKey` it only verifies. */
export interface AsymmetricKeyInput {
  readonly kid: string;
  readonly alg: 'EdDSA' | 'ES256';
  readonly publicKey: JsonWebKey | CryptoKey;
  readonly privateKey?: JsonWebKey | CryptoKey;
}

export type AccessTokenKeyInput = HmacKeyInput | AsymmetricKeyInput;

/** What `createAuthConfig` accepts. Everything but `secret` and the access-token keys has a default. */
export interface AuthConfigInput {
  /** Server secret (≥ 32 bytes) keying HMACs of verification codes and challenges. */
  readonly secret: string | Uint8Array;
  /** `iss` of access tokens, checked on verification. */
  readonly issuer: string;
  /** `aud` of access tokens, checked on verification. */
  readonly audience: string;
  readonly accessToken: {
    /** Every key that may verify; rotate by adding the new key and switching `signingKid`. */
    readonly keys: readonly AccessTokenKeyInput[];
    /** The key that signs new tokens. Default: the first key. */
    readonly signingKid?: string;
    /** Default 900 (15 minutes). */
    readonly ttl?: number;
    /** Tolerated clock difference for `exp`/`nbf`/`iat`. Default 30, at most 300. */
    readonly clockSkew?: number;
  };
  readonly password?: {
    /** Default 8 (NIST 800-63B §3.1.1.2). */
    readonly minLength?: number;
    /** In code points after NFKC; longer input is rejected, never truncated. Default 256. */
    readonly maxLength?: number;
    /** argon2id cost for new hashes. Default m=19456 KiB, t=2, p=1 (OWASP). */
    readonly argon2?: Partial<Argon2Params>;
    /**
     * Upper bounds a stored hash may declare before verification refuses it, so a planted
     * `m=4294967295` cannot allocate terabytes. Default m ≤ 262144 KiB, t ≤ 16, p ≤ 8.
     */
    readonly verifyLimits?: Partial<Argon2Params>;
    /** Optional pepper: argon2id's secret input (RFC 9106 `K`), kept outside the database. */
    readonly pepper?: string | Uint8Array;
  };
  readonly emailVerification?: {
    /** 6-digit code (default) or a link token. */
    readonly method?: 'code' | 'link';
    /** Refuse sign-in until the email is verified. Default true. */
    readonly required?: boolean;
    /** Default 900. */
    readonly codeTtl?: number;
    /** Wrong guesses before a code is dead. Default 5. */
    readonly maxAttempts?: number;
    /** Default 86400. */
    readonly linkTtl?: number;
    /** Minimum time between two sends to one user. Default 60. */
    readonly resendCooldown?: number;
  };
  readonly passwordReset?: {
    /** Default 1800. */
    readonly ttl?: number;
  };
  readonly session?: {
    /** Absolute lifetime. Default 30 days. */
    readonly absoluteTtl?: number;
    /** Lifetime without use. Default 7 days. */
    readonly idleTtl?: number;
    /** `lastUsedAt` is written at most this often per session. Default 60. */
    readonly touchInterval?: number;
  };
  readonly refreshToken?: {
    /** Lifetime of one token without rotation. Default 14 days. */
    readonly idleTtl?: number;
    /** Lifetime of a family. Default 30 days (never beyond the session's). */
    readonly absoluteTtl?: number;
    /**
     * Seconds after a rotation during which presenting the rotated token again answers
     * `concurrent_rotation` instead of revoking the family. Default 0 (strict). See
     * docs/concepts.md for the trade-off.
     */
    readonly reuseGrace?: number;
  };
  readonly mfa?: {
    /** Lifetime of the challenge returned by an `mfa_required` sign-in. Default 300. */
    readonly challengeTtl?: number;
  };
}

/** Only `createAuthConfig` can produce the brand: the symbol is declared, never exported. */
declare const validated: unique symbol;

/**
 * The resolved, validated configuration. Branded: an object literal of the right shape is
 * not an `AuthConfig`, so every one in circulation has passed `createAuthConfig`.
 */
export type AuthConfig = ResolvedConfig & { readonly [validated]: true };

/** The shape of an `AuthConfig`, before the brand. */
interface ResolvedConfig {
  readonly secret: Uint8Array<ArrayBuffer>;
  readonly issuer: string;
  readonly audience: string;
  readonly accessToken: {
    readonly keys: readonly AccessTokenKeyInput[];
    readonly signingKid: string;
    readonly ttl: number;
    readonly clockSkew: number;
  };
  readonly password: {
    readonly minLength: number;
    readonly maxLength: number;
    readonly argon2: Argon2Params;
    readonly verifyLimits: Argon2Params;
    readonly pepper: Uint8Array<ArrayBuffer> | null;
  };
  readonly emailVerification: {
    readonly method: 'code' | 'link';
    readonly required: boolean;
    readonly codeTtl: number;
    readonly maxAttempts: number;
    readonly linkTtl: number;
    readonly resendCooldown: number;
  };
  readonly passwordReset: { readonly ttl: number };
  readonly session: {
    readonly absoluteTtl: number;
    readonly idleTtl: number;
    readonly touchInterval: number;
  };
  readonly refreshToken: {
    readonly idleTtl: number;
    readonly absoluteTtl: number;
    readonly reuseGrace: number;
  };
  readonly mfa: { readonly challengeTtl: number };
}

const DAY = 86_400;

function bytes(
  name: string,
  value: string | Uint8Array,
  minBytes: number,
): Uint8Array<ArrayBuffer> {
  const out = typeof value === 'string' ? utf8(value) : new Uint8Array(value);
  if (out.byteLength < minBytes)
    throw new ConfigError(`${name} must be at least ${minBytes} bytes`);
  return out;
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  }
  return resolved;
}

function nonEmpty(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(`${name} must be a non-empty string`);
  return value;
}

function validateKeys(keys: readonly AccessTokenKeyInput[], signingKid: string | undefined) {
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError('accessToken.keys must list at least one key');
  const seen = new Set<string>();
  for (const key of keys) {
    const kid = nonEmpty('accessToken.keys[].kid', key.kid);
    if (seen.has(kid)) throw new ConfigError(`accessToken.keys has two keys with kid "${kid}"`);
    seen.add(kid);
    if (key.alg === 'HS256') bytes(`accessToken key "${kid}" secret`, key.secret, 32);
    else if (key.alg === 'EdDSA' || key.alg === 'ES256') {
      if (!key.publicKey) throw new ConfigError(`accessToken key "${kid}" needs a publicKey`);
    } else throw new ConfigError(`accessToken key "${kid}" has unsupported alg`);
  }
  const signer = signingKid ?? keys[0]?.kid ?? '';
  const signingKey = keys.find((key) => key.kid === signer);
  if (!signingKey)
    throw new ConfigError(`accessToken.signingKid "${signer}" is not in accessToken.keys`);
  if (signingKey.alg !== 'HS256' && !signingKey.privateKey) {
    throw new ConfigError(`accessToken signing key "${signer}" needs a privateKey`);
  }
  return signer;
}

/** Validates the input and fills in secure defaults. Throws `ConfigError` on any bad setting. */
export function createAuthConfig(input: AuthConfigInput): AuthConfig {
  return resolveConfig(input) as AuthConfig;
}

function resolveConfig(input: AuthConfigInput): ResolvedConfig {
  if (typeof input !== 'object' || input === null)
    throw new ConfigError('config must be an object');
  const password = input.password ?? {};
  const argon2 = {
    memoryKiB: integer(
      'password.argon2.memoryKiB',
      password.argon2?.memoryKiB,
      19_456,
      8,
      4_194_304,
    ),
    iterations: integer('password.argon2.iterations', password.argon2?.iterations, 2, 1, 64),
    parallelism: integer('password.argon2.parallelism', password.argon2?.parallelism, 1, 1, 16),
  };
  const verifyLimits = {
    memoryKiB: integer(
      'password.verifyLimits.memoryKiB',
      password.verifyLimits?.memoryKiB,
      262_144,
      argon2.memoryKiB,
      4_194_304,
    ),
    iterations: integer(
      'password.verifyLimits.iterations',
      password.verifyLimits?.iterations,
      16,
      argon2.iterations,
      64,
    ),
    parallelism: integer(
      'password.verifyLimits.parallelism',
      password.verifyLimits?.parallelism,
      8,
      argon2.parallelism,
      16,
    ),
  };
  const minLength = integer('password.minLength', password.minLength, 8, 1, 1024);
  const session = input.session ?? {};
  const sessionAbsolute = integer(
    'session.absoluteTtl',
    session.absoluteTtl,
    30 * DAY,
    60,
    400 * DAY,
  );
  const refresh = input.refreshToken ?? {};
  const refreshAbsolute = integer(
    'refreshToken.absoluteTtl',
    refresh.absoluteTtl,
    30 * DAY,
    60,
    400 * DAY,
  );
  const verification = input.emailVerification ?? {};
  const method = verification.method ?? 'code';
  if (method !== 'code' && method !== 'link')
    throw new ConfigError('emailVerification.method must be "code" or "link"');

  return {
    secret: bytes('secret', input.secret, 32),
    issuer: nonEmpty('issuer', input.issuer),
    audience: nonEmpty('audience', input.audience),
    accessToken: {
      signingKid: validateKeys(input.accessToken?.keys ?? [], input.accessToken?.signingKid),
      // Validated just above. HS256 secrets are copied like `secret`: tokens/ caches a key
      // per config, so a caller mutating its buffer later must change nothing.
      keys: (input.accessToken?.keys ?? []).map((key) =>
        key.alg === 'HS256' ? { ...key, secret: new Uint8Array(key.secret) } : key,
      ),
      ttl: integer('accessToken.ttl', input.accessToken.ttl, 900, 10, DAY),
      clockSkew: integer('accessToken.clockSkew', input.accessToken.clockSkew, 30, 0, 300),
    },
    password: {
      minLength,
      maxLength: integer('password.maxLength', password.maxLength, 256, minLength, 4096),
      argon2,
      verifyLimits,
      pepper: password.pepper === undefined ? null : bytes('password.pepper', password.pepper, 16),
    },
    emailVerification: {
      method,
      required: verification.required ?? true,
      codeTtl: integer('emailVerification.codeTtl', verification.codeTtl, 900, 60, DAY),
      maxAttempts: integer('emailVerification.maxAttempts', verification.maxAttempts, 5, 1, 20),
      linkTtl: integer('emailVerification.linkTtl', verification.linkTtl, DAY, 60, 7 * DAY),
      resendCooldown: integer(
        'emailVerification.resendCooldown',
        verification.resendCooldown,
        60,
        0,
        3600,
      ),
    },
    passwordReset: { ttl: integer('passwordReset.ttl', input.passwordReset?.ttl, 1800, 60, DAY) },
    session: {
      absoluteTtl: sessionAbsolute,
      idleTtl: integer('session.idleTtl', session.idleTtl, 7 * DAY, 60, sessionAbsolute),
      touchInterval: integer('session.touchInterval', session.touchInterval, 60, 0, 3600),
    },
    refreshToken: {
      idleTtl: integer('refreshToken.idleTtl', refresh.idleTtl, 14 * DAY, 60, refreshAbsolute),
      absoluteTtl: refreshAbsolute,
      reuseGrace: integer('refreshToken.reuseGrace', refresh.reuseGrace, 0, 0, 60),
    },
    mfa: { challengeTtl: integer('mfa.challengeTtl', input.mfa?.challengeTtl, 300, 30, 1800) },
  };
}
