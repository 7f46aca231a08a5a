import { ConfigError } from '../errors.ts';
import type { RateLimitPolicy } from '../repos.ts';
import { policyProblem } from './token-bucket.ts';

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

const actions: readonly string[] = Object.keys(defaultRateLimits);
const subjects: readonly string[] = ['ip', 'email', 'ip_email'] satisfies RateLimitSubject[];

/**
 * Refuses rules a bucket cannot honour, at start-up rather than on the first request. An
 * unknown action is refused too: a misspelt `sign_inn` would otherwise leave `sign_in` on
 * its defaults without a word.
 */
export function validateRules(rules: RateLimitRules): RateLimitRules {
  for (const [action, list] of Object.entries(rules)) {
    if (!actions.includes(action)) throw new ConfigError(`rate limit ${action}: unknown action`);
    if (!Array.isArray(list)) throw new ConfigError(`rate limit ${action}: rules must be a list`);
    for (const rule of list as readonly unknown[]) {
      if (typeof rule !== 'object' || rule === null)
        throw new ConfigError(`rate limit ${action}: each rule must be an object`);
      const { by, policy } = rule as RateLimitRule;
      const where = `rate limit ${action}/${String(by)}`;
      if (!subjects.includes(by)) throw new ConfigError(`${where}: unknown subject`);
      const problem = policyProblem(policy);
      if (problem !== null) throw new ConfigError(`${where}: ${problem}`);
    }
  }
  return rules;
}
