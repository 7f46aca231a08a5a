import { normalizeEmail } from '../credentials/index.ts';
import { ConfigError, InputError, isAuthError } from '../errors.ts';
import type { Clock, RandomSource } from '../primitives/index.ts';
import { cryptoRandom, hmacSha256Hex, ipBucket, systemClock } from '../primitives/index.ts';
import type { RateLimitStore } from '../repos.ts';
import type { DeviceToken } from './device-token.ts';
import { deviceOf, signDeviceToken } from './device-token.ts';
import type {
  RateLimitAction,
  RateLimitRule,
  RateLimitRules,
  RateLimitSubject,
} from './policies.ts';
import { defaultRateLimits, validateRules } from './policies.ts';

export interface RateLimiterOptions {
  readonly store: RateLimitStore;
  /**
   * Keys bucket names (HMAC-SHA256), so stores hold no address or email, and signs device
   * tokens. At least 32 bytes; use `rateLimitSecret` from `deriveKeys`.
   */
  readonly secret: Uint8Array<ArrayBuffer>;
  /** Default `defaultRateLimits`. Replace an action's list to change it. */
  readonly rules?: Partial<RateLimitRules>;
  /** IPv6 clients are counted per network of this many bits. Default 64 (one subscriber). */
  readonly ipv6PrefixLength?: number;
  /** How long a device token counts as one. Default 180 days. */
  readonly deviceTokenTtlSeconds?: number;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** Who is asking. A missing part skips the rules that count by it. */
export interface RateLimitRequest {
  readonly ip?: string | null | undefined;
  /** As typed; normalised like sign-in does, so `Ada@X` and `ada@x` share a bucket. */
  readonly email?: string | null | undefined;
  /** The signed-in caller, for routes that need one. */
  readonly userId?: string | null | undefined;
  readonly sessionId?: string | null | undefined;
  /**
   * A token from `issueDeviceToken`, as the client presented it. Valid for `email`, the
   * request counts in the device's bucket instead of the `email` and `ip_email` ones.
   */
  readonly deviceToken?: string | null | undefined;
}

export type RateLimitResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly retryAfterSeconds: number;
      /** The bucket that refused. */
      readonly by: RateLimitSubject;
    };

export interface RateLimiter {
  check(action: RateLimitAction, request: RateLimitRequest): Promise<RateLimitResult>;
  /**
   * A device token for the account `email` names, to hand to a client that has just signed
   * in (the HTTP layer sets it as a cookie). `null` when `email` is not an address.
   */
  issueDeviceToken(email: string): Promise<DeviceToken | null>;
}

/** The email key, or null when the input is not an address (core will refuse it anyway). */
function emailKeyOf(email: unknown): string | null {
  if (email === undefined || email === null) return null;
  try {
    return normalizeEmail(email).emailKey;
  } catch (error) {
    if (isAuthError(error)) return null;
    throw error;
  }
}

const present = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** Narrower subjects first; the others keep the order the rules gave them. */
const specificity: Readonly<Record<RateLimitSubject, number>> = {
  ip_email: 0,
  device: 0,
  session: 0,
  email: 1,
  user: 1,
  ip: 1,
};

/**
 * The rules of one action, most specific first, whatever order they were written in. The
 * order is a security property because a refusal stops the check: once an address has
 * used up its address+email bucket, its further tries never reach the per-email bucket,
 * so one noisy address cannot drain the bucket the account's owner signs in through.
 */
function mostSpecificFirst(list: readonly RateLimitRule[]): readonly RateLimitRule[] {
  return [...list].sort((a, b) => specificity[a.by] - specificity[b.by]);
}

function positiveInteger(name: string, value: number | undefined, fallback: number, max: number) {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1 || chosen > max)
    throw new ConfigError(`${name} must be an integer from 1 to ${max}`);
  return chosen;
}

/**
 * Token-bucket limits over a shared `RateLimitStore`. `check` takes one token from each
 * bucket the request falls into, most specific first, and stops at the first refusal.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const validated = validateRules({ ...defaultRateLimits, ...options.rules });
  const rules = new Map<RateLimitAction, readonly RateLimitRule[]>();
  for (const action of Object.keys(validated) as RateLimitAction[])
    rules.set(action, mostSpecificFirst(validated[action]));
  const ipv6Prefix = positiveInteger('ipv6PrefixLength', options.ipv6PrefixLength, 64, 128);
  const deviceTtl = positiveInteger(
    'deviceTokenTtlSeconds',
    options.deviceTokenTtlSeconds,
    180 * 24 * 3600,
    5 * 365 * 24 * 3600,
  );
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  // A short secret would let anyone holding the store's keys test guessed addresses and
  // emails against them offline; an empty one would fail every check.
  if (!(options.secret instanceof Uint8Array) || options.secret.byteLength < 32)
    throw new ConfigError('rate limit secret must be at least 32 bytes');
  // Our own copy: the HMAC key is imported from it once, and later mutation of the
  // caller's buffer must not change (or half-change) the bucket names.
  const secret = new Uint8Array(options.secret);

  return {
    async check(action, request) {
      const list = rules.get(action);
      // An action with no rules would let everything through: refuse the call instead.
      if (list === undefined) throw new InputError([{ field: 'action', problem: 'not_allowed' }]);
      const now = clock.now();
      const rawIp = present(request.ip);
      const ip = rawIp === null ? null : ipBucket(rawIp, ipv6Prefix);
      const emailKey = emailKeyOf(request.email);
      const device =
        emailKey === null || !list.some((rule) => rule.by === 'device')
          ? null
          : await deviceOf(secret, request.deviceToken, emailKey, now);
      // A known device replaces the email buckets: that is the point of device tokens.
      const values: Readonly<Record<RateLimitSubject, string | null>> = {
        ip,
        email: device === null ? emailKey : null,
        ip_email: device === null && ip !== null && emailKey !== null ? `${ip}\n${emailKey}` : null,
        device: device === null ? null : `${emailKey}\n${device}`,
        user: present(request.userId),
        session: present(request.sessionId),
      };
      for (const { by, policy } of list) {
        const value = values[by];
        if (value === null) continue;
        const digest = await hmacSha256Hex(secret, `rate-limit\n${action}\n${by}\n${value}`);
        const key = `${action}:${by}:${digest.slice(0, 32)}`;
        const decision = await options.store.take(key, policy, 1, now);
        if (!decision.allowed)
          return { ok: false, retryAfterSeconds: decision.retryAfterSeconds, by };
      }
      return { ok: true };
    },

    async issueDeviceToken(email) {
      const emailKey = emailKeyOf(email);
      if (emailKey === null) return null;
      const expiresAt = new Date(clock.now().getTime() + deviceTtl * 1000);
      return signDeviceToken(secret, random, emailKey, expiresAt);
    },
  };
}
