import { normalizeEmail } from '../credentials/index.ts';
import { ConfigError, InputError, isAuthError } from '../errors.ts';
import type { Clock } from '../primitives/index.ts';
import { hmacSha256Hex, systemClock } from '../primitives/index.ts';
import type { RateLimitStore } from '../repos.ts';
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
   * Keys bucket names (HMAC-SHA256), so stores hold no address or email. At least 32 bytes;
   * use `rateLimitSecret` from `deriveKeys`.
   */
  readonly secret: Uint8Array<ArrayBuffer>;
  /** Default `defaultRateLimits`. Replace an action's list to change it. */
  readonly rules?: Partial<RateLimitRules>;
  readonly clock?: Clock;
}

/** Who is asking. A missing part skips the rules that count by it. */
export interface RateLimitRequest {
  readonly ip?: string | null | undefined;
  /** As typed; normalised like sign-in does, so `Ada@X` and `ada@x` share a bucket. */
  readonly email?: string | null | undefined;
}

export type RateLimitResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  check(action: RateLimitAction, request: RateLimitRequest): Promise<RateLimitResult>;
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

function subjectValue(by: RateLimitSubject, ip: string | null, emailKey: string | null) {
  if (by === 'ip') return ip;
  if (by === 'email') return emailKey;
  return ip === null || emailKey === null ? null : `${ip}\n${emailKey}`;
}

/** Narrower subjects first; `email` and `ip` keep the order the rules gave them. */
const specificity: Readonly<Record<RateLimitSubject, number>> = { ip_email: 0, email: 1, ip: 1 };

/**
 * The rules of one action, most specific first, whatever order they were written in. The
 * order is a security property because a refusal stops the check: once an address has
 * used up its address+email bucket, its further tries never reach the per-email bucket,
 * so one noisy address cannot drain the bucket the account's owner signs in through.
 */
function mostSpecificFirst(list: readonly RateLimitRule[]): readonly RateLimitRule[] {
  return [...list].sort((a, b) => specificity[a.by] - specificity[b.by]);
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
  const clock = options.clock ?? systemClock;
  // A short secret would let anyone holding the store's keys test guessed addresses and
  // emails against them offline; an empty one would fail every check.
  if (!(options.secret instanceof Uint8Array) || options.secret.byteLength < 32)
    throw new ConfigError('rate limit secret must be at least 32 bytes');
  // Our own copy: the HMAC key is imported from it once, and later mutation of the
  // caller's buffer must not change (or half-change) the bucket names.
  const secret = new Uint8Array(options.secret);
  return {
    async check(action, request) {
      const ip = typeof request.ip === 'string' && request.ip !== '' ? request.ip : null;
      const emailKey = emailKeyOf(request.email);
      const now = clock.now();
      const list = rules.get(action);
      // An action with no rules would let everything through: refuse the call instead.
      if (list === undefined) throw new InputError([{ field: 'action', problem: 'not_allowed' }]);
      for (const { by, policy } of list) {
        const value = subjectValue(by, ip, emailKey);
        if (value === null) continue;
        const digest = await hmacSha256Hex(secret, `rate-limit\n${action}\n${by}\n${value}`);
        const key = `${action}:${by}:${digest.slice(0, 32)}`;
        const decision = await options.store.take(key, policy, 1, now);
        if (!decision.allowed) return { ok: false, retryAfterSeconds: decision.retryAfterSeconds };
      }
      return { ok: true };
    },
  };
}
