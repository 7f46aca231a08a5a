import { ConfigError } from '../errors.ts';
import type { RateLimitPolicy } from '../repos.ts';
import { policyProblem } from './token-bucket.ts';

/**
 * What a limit counts by: the client address (IPv6 per prefix, see `ipv6PrefixLength`),
 * the typed email, the two together, the signed-in user or session, or a device token the
 * client holds for the typed email (OWASP "Slow Down Online Guessing Attacks with Device
 * Cookies").
 */
export type RateLimitSubject = 'ip' | 'email' | 'ip_email' | 'user' | 'session' | 'device';

/**
 * Requests the HTTP layer limits, one family of buckets each. `password_reset_mail` does
 * not refuse a request: it caps the reset mails sent to one address (see the route).
 * `api_key_failure` is taken only once a presented API key has been refused.
 */
export type RateLimitAction =
  | 'sign_in'
  | 'sign_up'
  | 'email_verification'
  | 'password_forgot'
  | 'password_reset_mail'
  | 'password_reset'
  | 'password_change'
  | 'refresh'
  | 'refresh_revoke'
  | 'magic_link'
  | 'magic_link_mail'
  | 'magic_link_consume'
  | 'sign_in_code'
  | 'sign_in_code_mail'
  | 'sign_in_code_verify'
  | 'mfa_sign_in'
  | 'mfa_manage'
  | 'oauth_start'
  | 'oauth_callback'
  | 'api_key_write'
  | 'api_key_failure'
  | 'organization_write'
  | 'introspection'
  | 'account_deletion'
  | 'account_export'
  | 'passkey_options'
  | 'passkey_sign_in'
  | 'passkey_write';

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
 * looser per-email bucket slows guessing spread over many addresses. A client presenting
 * a valid device token for the email counts in that device's bucket instead of the two
 * email buckets, so a stranger who drains them still cannot lock out the owner's devices.
 */
export const defaultRateLimits: RateLimitRules = {
  sign_in: [
    { by: 'ip_email', policy: perMinutes(10, 15) },
    { by: 'device', policy: perMinutes(10, 15) },
    { by: 'email', policy: perMinutes(50, 60) },
    { by: 'ip', policy: perMinutes(60, 15) },
  ],
  sign_up: [{ by: 'ip', policy: perMinutes(10, 60) }],
  email_verification: [
    { by: 'email', policy: perMinutes(10, 15) },
    { by: 'ip', policy: perMinutes(60, 15) },
  ],
  password_forgot: [{ by: 'ip', policy: perMinutes(20, 60) }],
  // Mails, not requests: over the cap the request is answered as usual, but no mail is sent.
  password_reset_mail: [
    { by: 'device', policy: perMinutes(3, 60) },
    { by: 'email', policy: perMinutes(3, 60) },
  ],
  password_reset: [{ by: 'ip', policy: perMinutes(20, 60) }],
  // Each try costs an argon2 verification: a stolen session must not become a guessing oracle.
  password_change: [
    { by: 'session', policy: perMinutes(5, 15) },
    { by: 'user', policy: perMinutes(10, 15) },
  ],
  // Every rotation of every client behind one address (a NAT, an office) lands here.
  refresh: [{ by: 'ip', policy: perMinutes(300, 15) }],
  refresh_revoke: [{ by: 'ip', policy: perMinutes(60, 15) }],
  // The second step of sign-in. Core also limits each challenge and each user's wrong codes;
  // this caps how many challenges one address can work through.
  mfa_sign_in: [{ by: 'ip', policy: perMinutes(30, 15) }],
  // Enrolment, confirmation, backup codes and switching MFA off: each checks a code.
  mfa_manage: [
    { by: 'session', policy: perMinutes(10, 15) },
    { by: 'user', policy: perMinutes(20, 15) },
  ],
  // Passwordless mail is capped like reset mail: over the cap the answer is the same 202.
  magic_link: [{ by: 'ip', policy: perMinutes(20, 60) }],
  magic_link_mail: [
    { by: 'device', policy: perMinutes(3, 60) },
    { by: 'email', policy: perMinutes(3, 60) },
  ],
  // A forged link fails its MAC before any lookup; this bounds the work of a flood.
  magic_link_consume: [{ by: 'ip', policy: perMinutes(30, 15) }],
  sign_in_code: [{ by: 'ip', policy: perMinutes(20, 60) }],
  sign_in_code_mail: [
    { by: 'device', policy: perMinutes(3, 60) },
    { by: 'email', policy: perMinutes(3, 60) },
  ],
  // On top of each code's own attempt limit, guesses across fresh codes are slowed too.
  sign_in_code_verify: [
    { by: 'ip_email', policy: perMinutes(10, 15) },
    { by: 'device', policy: perMinutes(10, 15) },
    { by: 'email', policy: perMinutes(30, 60) },
    { by: 'ip', policy: perMinutes(60, 15) },
  ],
  // Each start reads the issuer's discovery document (cached) and each callback makes the
  // server call the provider's token and key endpoints: cap what one address can trigger.
  oauth_start: [{ by: 'ip', policy: perMinutes(30, 15) }],
  oauth_callback: [{ by: 'ip', policy: perMinutes(30, 15) }],
  // Creating and rotating keys mints secrets and rows: bounded per account.
  api_key_write: [{ by: 'user', policy: perMinutes(20, 60) }],
  // Refused `X-API-Key` headers, counted after the refusal: a good key never counts and is
  // never held back (a key has 256 random bits; this bounds a flood's answers, not guessing).
  api_key_failure: [{ by: 'ip', policy: perMinutes(30, 15) }],
  // Organization changes: invitations send mail, so they are bounded per account.
  organization_write: [{ by: 'user', policy: perMinutes(30, 60) }],
  // Resource servers introspect per request of theirs: generous, but a wrong-secret flood
  // from one address is bounded.
  introspection: [{ by: 'ip', policy: perMinutes(1200, 1) }],
  // Each request mails the owner a confirmation: a stolen session must not become a mail cannon.
  account_deletion: [{ by: 'user', policy: perMinutes(3, 60) }],
  // Each export reads every module's data about the user.
  account_export: [{ by: 'user', policy: perMinutes(5, 60) }],
  // Anyone may ask for passkey options, and each stores a challenge until it expires:
  // bounded per address so a flood cannot fill the table faster than prune empties it.
  passkey_options: [{ by: 'ip', policy: perMinutes(60, 15) }],
  // A signature cannot be guessed, but each try costs a lookup and a verification.
  passkey_sign_in: [{ by: 'ip', policy: perMinutes(30, 15) }],
  // Adding and renaming passkeys: challenges and rows, bounded per account.
  passkey_write: [{ by: 'user', policy: perMinutes(20, 15) }],
};

const actions: readonly string[] = Object.keys(defaultRateLimits);
const subjects: readonly string[] = [
  'ip',
  'email',
  'ip_email',
  'user',
  'session',
  'device',
] satisfies RateLimitSubject[];

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
