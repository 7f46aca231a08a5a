/**
 * Validated configuration with secure defaults. `createAuthConfig` is the only way to get
 * an `AuthConfig`; it throws `ConfigError` (code `CONFIG_INVALID`) naming the bad setting.
 * Durations are in seconds.
 */

import { resolveIntegers } from './config-defaults.ts';
import type { FlowsConfig, FlowsConfigInput } from './config-flows.ts';
import { resolveFlows } from './config-flows.ts';
import type { IntrospectionConfig, IntrospectionConfigInput } from './config-introspection.ts';
import { resolveIntrospection } from './config-introspection.ts';
import type { PasswordlessConfig, PasswordlessConfigInput } from './config-passwordless.ts';
import { resolvePasswordless } from './config-passwordless.ts';
import { ConfigError } from './errors.ts';
import type { PasskeyConfig, PasskeyConfigInput } from './passkeys/settings.ts';
import { resolvePasskeySettings } from './passkeys/settings.ts';
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

/**
 * What `createAuthConfig` accepts. Everything but `secret` and the access-token keys has a
 * default. Every numeric setting's default and bounds are in `CONFIG_DEFAULTS`.
 */
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
    /** Access-token lifetime in seconds. */
    readonly ttl?: number;
    /** Tolerated clock difference for `exp`/`nbf`/`iat`, in seconds. */
    readonly clockSkew?: number;
  };
  readonly password?: {
    /** Shortest password accepted at sign-up and reset (NIST 800-63B §3.1.1.2). */
    readonly minLength?: number;
    /** In code points after NFKC; longer input is rejected, never truncated. */
    readonly maxLength?: number;
    /** argon2id cost for new hashes (OWASP minimum by default). */
    readonly argon2?: Partial<Argon2Params>;
    /**
     * Upper bounds a stored hash may declare before verification refuses it, so a planted
     * `m=4294967295` cannot allocate terabytes.
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
    /** Lifetime of a verification code, in seconds. */
    readonly codeTtl?: number;
    /** Wrong guesses before a code is dead. */
    readonly maxAttempts?: number;
    /** Lifetime of a verification link, in seconds. */
    readonly linkTtl?: number;
    /** Minimum time between two sends to one user, in seconds. */
    readonly resendCooldown?: number;
  };
  readonly signIn?: {
    /**
     * Tell a caller whose password was right that the account is banned
     * (`account_banned`) or its address unverified (`email_unverified`). Default false:
     * both answer `invalid_credentials` like a wrong password, because the distinct answer
     * confirms the password to whoever is trying stolen credentials. The audit event always
     * has the true reason. Turn on only where users must learn why (and accept the oracle).
     */
    readonly revealAccountStatus?: boolean;
  };
  readonly passwordReset?: {
    /** Lifetime of a reset link, in seconds. */
    readonly ttl?: number;
  };
  readonly session?: {
    /** Absolute lifetime, in seconds. */
    readonly absoluteTtl?: number;
    /** Lifetime without use, in seconds. */
    readonly idleTtl?: number;
    /** `lastUsedAt` is written at most this often per session, in seconds. */
    readonly touchInterval?: number;
  };
  readonly refreshToken?: {
    /** Lifetime of one token without rotation, in seconds. */
    readonly idleTtl?: number;
    /** Lifetime of a family, in seconds (never beyond the session's). */
    readonly absoluteTtl?: number;
    /**
     * Seconds after a rotation during which presenting the rotated token again answers
     * `concurrent_rotation` instead of revoking the family (0, the default, is strict). See
     * docs/concepts.md for the trade-off.
     */
    readonly reuseGrace?: number;
  };
  /** Passkeys (WebAuthn): the relying party. Without it the passkey functions throw. */
  readonly passkeys?: PasskeyConfigInput;
  readonly mfa?: {
    /** Lifetime of the challenge returned by an `mfa_required` sign-in, in seconds. */
    readonly challengeTtl?: number;
    /** Codes one challenge accepts before it is dead (wrong ones included). */
    readonly challengeMaxAttempts?: number;
    /** TOTP time steps accepted either side of now (RFC 6238 §5.2); 1 allows ±30 s. */
    readonly totpWindow?: number;
    /** Second-factor attempts one user may make per `failureWindow` without succeeding. */
    readonly maxFailures?: number;
    /** The window `maxFailures` counts in, in seconds. */
    readonly failureWindow?: number;
    /** How long a started TOTP enrolment can be confirmed, in seconds. */
    readonly enrolmentTtl?: number;
    /**
     * Second-factor failures in a row (across windows) after which TOTP codes are refused
     * until a backup code succeeds. Bounds slow guessing: NIST SP 800-63B §5.2.2 caps it
     * at 100.
     */
    readonly maxConsecutiveFailures?: number;
    /**
     * Enrolling or confirming an authenticator needs a session that began at most this many
     * seconds ago, so an older stolen session cannot put the thief's authenticator on the
     * account.
     */
    readonly recentSignIn?: number;
    /** The issuer an authenticator app shows next to the account. Default: `issuer`'s host. */
    readonly issuerName?: string;
    /**
     * AES-256 keys that encrypt TOTP secrets at rest (`deriveKeys(secret).secretBoxKey`, or
     * your own 32 random bytes), each with an id stored beside what it sealed. Rotate by
     * adding a key and making it `secretBoxKeyId`; keep old keys while values sealed with
     * them remain. Default: one key derived from `secret`.
     */
    readonly secretBoxKeys?: readonly { readonly id: string; readonly key: Uint8Array }[];
    /** The key that seals new secrets. Default: the first of `secretBoxKeys`. */
    readonly secretBoxKeyId?: string;
  };
  readonly auditLog?: {
    /** How long `prune` keeps audit events, in seconds. */
    readonly retention?: number;
  };
  readonly accountDeletion?: {
    /** Lifetime of the mailed confirmation token, in seconds. */
    readonly ttl?: number;
    /** Where the user has a second factor: how recent the session's aal2 must be, in seconds. */
    readonly reauthWindow?: number;
  };
  /** Magic links and emailed sign-in codes (docs/passwordless.md). */
  readonly passwordless?: PasswordlessConfigInput;
  /** Flows the app offers; each is on unless set to `false` (docs/capabilities.md). */
  readonly flows?: FlowsConfigInput;
  /** Resource servers that may call token introspection (docs/introspection.md). */
  readonly introspection?: IntrospectionConfigInput;
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
  readonly signIn: { readonly revealAccountStatus: boolean };
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
  readonly mfa: {
    readonly challengeTtl: number;
    readonly challengeMaxAttempts: number;
    readonly totpWindow: number;
    readonly maxFailures: number;
    readonly failureWindow: number;
    readonly enrolmentTtl: number;
    readonly maxConsecutiveFailures: number;
    readonly recentSignIn: number;
    readonly issuerName: string;
    /** `null`: one key derived from `secret` (see `mfa/secret-box-of.ts`). */
    readonly secretBoxKeys: readonly { readonly id: string; readonly key: Uint8Array }[] | null;
    readonly secretBoxKeyId: string | null;
  };
  readonly passkeys: PasskeyConfig;
  readonly auditLog: { readonly retention: number };
  readonly accountDeletion: { readonly ttl: number; readonly reauthWindow: number };
  readonly passwordless: PasswordlessConfig;
  readonly flows: FlowsConfig;
  readonly introspection: IntrospectionConfig;
}

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

function flag(name: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean')
    throw new ConfigError(`${name} must be true or false`);
  return value === true;
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
  const n = resolveIntegers(input);
  const password = input.password ?? {};
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
      ttl: n['accessToken.ttl'],
      clockSkew: n['accessToken.clockSkew'],
    },
    password: {
      minLength: n['password.minLength'],
      maxLength: n['password.maxLength'],
      argon2: {
        memoryKiB: n['password.argon2.memoryKiB'],
        iterations: n['password.argon2.iterations'],
        parallelism: n['password.argon2.parallelism'],
      },
      verifyLimits: {
        memoryKiB: n['password.verifyLimits.memoryKiB'],
        iterations: n['password.verifyLimits.iterations'],
        parallelism: n['password.verifyLimits.parallelism'],
      },
      pepper: password.pepper === undefined ? null : bytes('password.pepper', password.pepper, 16),
    },
    emailVerification: {
      method,
      required: verification.required ?? true,
      codeTtl: n['emailVerification.codeTtl'],
      maxAttempts: n['emailVerification.maxAttempts'],
      linkTtl: n['emailVerification.linkTtl'],
      resendCooldown: n['emailVerification.resendCooldown'],
    },
    signIn: {
      revealAccountStatus: flag('signIn.revealAccountStatus', input.signIn?.revealAccountStatus),
    },
    passwordReset: { ttl: n['passwordReset.ttl'] },
    session: {
      absoluteTtl: n['session.absoluteTtl'],
      idleTtl: n['session.idleTtl'],
      touchInterval: n['session.touchInterval'],
    },
    refreshToken: {
      idleTtl: n['refreshToken.idleTtl'],
      absoluteTtl: n['refreshToken.absoluteTtl'],
      reuseGrace: n['refreshToken.reuseGrace'],
    },
    passkeys: resolvePasskeySettings(input.passkeys, n['passkeys.challengeTtl']),
    mfa: {
      challengeTtl: n['mfa.challengeTtl'],
      challengeMaxAttempts: n['mfa.challengeMaxAttempts'],
      totpWindow: n['mfa.totpWindow'],
      maxFailures: n['mfa.maxFailures'],
      failureWindow: n['mfa.failureWindow'],
      enrolmentTtl: n['mfa.enrolmentTtl'],
      maxConsecutiveFailures: n['mfa.maxConsecutiveFailures'],
      recentSignIn: n['mfa.recentSignIn'],
      issuerName:
        input.mfa?.issuerName === undefined
          ? hostOf(input.issuer)
          : nonEmpty('mfa.issuerName', input.mfa.issuerName),
      secretBoxKeys: secretBoxKeys(input.mfa?.secretBoxKeys),
      secretBoxKeyId:
        input.mfa?.secretBoxKeyId === undefined
          ? null
          : nonEmpty('mfa.secretBoxKeyId', input.mfa.secretBoxKeyId),
    },
    auditLog: { retention: n['auditLog.retention'] },
    accountDeletion: {
      ttl: n['accountDeletion.ttl'],
      reauthWindow: n['accountDeletion.reauthWindow'],
    },
    passwordless: resolvePasswordless(input.passwordless, n),
    flows: resolveFlows(input.flows),
    introspection: resolveIntrospection(input.introspection),
  };
}

/** The host of a URL issuer (`https://example.com` → `example.com`), else the issuer itself. */
function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host || issuer;
  } catch {
    return issuer;
  }
}

/** Copies of the keys (checked again, with their ids, when the secret box is built). */
function secretBoxKeys(
  keys: readonly { readonly id: string; readonly key: Uint8Array }[] | undefined,
): readonly { readonly id: string; readonly key: Uint8Array }[] | null {
  if (keys === undefined) return null;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError('mfa.secretBoxKeys must list at least one key');
  return keys.map(({ id, key }) => ({
    id: nonEmpty('mfa.secretBoxKeys[].id', id),
    key: bytes(`mfa.secretBoxKeys key "${id}"`, key, 32),
  }));
}
