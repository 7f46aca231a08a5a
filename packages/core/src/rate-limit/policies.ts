import { ConfigError } from '../errors.ts';
import type { RateLimitPolicy } from '../repos.ts';

/** What a limit counts by: the client address, the account's email, or the two together. */
export type RateLimitSubject = 'ip' | 'email' | 'ip_email';

/** Requests the HTTP layer limits, one family of buckets each. */
export type RateLimitAction = 'sign_in' | 'sign_up' | 'password_reset' | 'email_verification';

export interface RateLimitRule {
  readonly by: RateLimitSubject;
  readonly policy: RateLimitPolicy;
}

export type RateLimitRules = Readonly<Record<RateLimitAction, readonly RateLimitRule[]>>;

const perMinutes = (capacity: number, minutes: number): RateLimitPolicy => ({
  capacity,
  refillPerSecond: capacity / (minutes * 60),
});

/**
 * Defaults sized for people, not scripts (OWASP Authentication Cheat Sheet, "Protect
 * against automated attacks"). Sign-in counts per address and email together, so a
 * stranger hammering someone's email from one address cannot lock the owner out; the
 * looser per-email bucket slows guessing spread over many addresses.
 */
export const defaultRateLimits: RateLimitRules = {
  sign_in: [
    { by: 'ip_email', policy: perMinutes(10, 15) },
    { by: 'email', policy: perMinutes(50, 60) },
    { by: 'ip', policy: perMinutes(60, 15) },
  ],
  sign_up: [{ by: 'ip', policy: perMinutes(10, 60) }],
  password_reset: [
    { by: 'email', policy: perMinutes(3, 60) },
    { by: 'ip', policy: perMinutes(20, 60) },
  ],
  email_verification: [
    { by: 'email', policy: perMinutes(10, 15) },
    { by: 'ip', policy: perMinutes(60, 15) },
  ],
};

/** Refuses policies a bucket cannot honour, at start-up rather than on the first request. */
export function validateRules(rules: RateLimitRules): RateLimitRules {
  for (const [action, list] of Object.entries(rules)) {
    for (const { by, policy } of list) {
      const where = `rate limit ${action}/${by}`;
      if (!['ip', 'email', 'ip_email'].includes(by))
        throw new ConfigError(`${where}: unknown subject`);
      if (!Number.isSafeInteger(policy.capacity) || policy.capacity < 1)
        throw new ConfigError(`${where}: capacity must be a positive integer`);
      if (!Number.isFinite(policy.refillPerSecond) || policy.refillPerSecond <= 0)
        throw new ConfigError(`${where}: refillPerSecond must be a positive number`);
    }
  }
  return rules;
}
