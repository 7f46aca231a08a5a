/**
 * Every auth route and the rate-limit actions it is checked against, in one table. A route
 * missing here fails at start-up (see `routeLimits`), so no route added later can go
 * unlimited by accident. What each action counts by lives in core's `defaultRateLimits`.
 */
import type { RateLimitAction } from '@portcullis/core';
import { oauthRouteLimits } from './rate-limit-oauth.ts';
import { passkeyRateLimits } from './rate-limit-passkeys.ts';
import { accountRateLimits, adminRateLimits } from './rate-limit-policy-account.ts';

export interface RouteLimit {
  /** Checked before the route runs, in order; a refusal is 429 `rate_limited`. */
  readonly refuse: readonly RateLimitAction[];
  /**
   * Checked by the route before it sends mail. Over the cap the route answers as usual but
   * sends nothing: a stranger cannot block the owner's later request by using it up first.
   */
  readonly mailCap?: RateLimitAction;
  /** Why a route has no limit: each one needs a stated reason. */
  readonly none?: string;
}

const SIGNED_IN_ONLY =
  'a signed-in caller only; it hashes no password, sends no mail and guesses nothing';

export const routeRateLimits: Readonly<Record<string, RouteLimit>> = {
  'POST /sign-up': { refuse: ['sign_up'] },
  'POST /verify-email': { refuse: ['email_verification'] },
  'POST /verify-email/resend': { refuse: ['email_verification'] },
  'POST /sign-in': { refuse: ['sign_in'] },
  'POST /password/forgot': { refuse: ['password_forgot'], mailCap: 'password_reset_mail' },
  'POST /password/reset': { refuse: ['password_reset'] },
  'POST /magic-link': { refuse: ['magic_link'], mailCap: 'magic_link_mail' },
  'POST /magic-link/consume': { refuse: ['magic_link_consume'] },
  'POST /sign-in-code': { refuse: ['sign_in_code'], mailCap: 'sign_in_code_mail' },
  'POST /sign-in-code/verify': { refuse: ['sign_in_code_verify'] },
  'POST /password/change': { refuse: ['password_change'] },
  'POST /refresh': { refuse: ['refresh'] },
  'POST /refresh/revoke': { refuse: ['refresh_revoke'] },
  'GET /me': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /sign-out': { refuse: [], none: SIGNED_IN_ONLY },
  'GET /sessions': { refuse: [], none: SIGNED_IN_ONLY },
  'DELETE /sessions/:id': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /sessions/revoke-others': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /sign-in/mfa': { refuse: ['mfa_sign_in'] },
  'GET /mfa': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /mfa/totp': { refuse: ['mfa_manage'] },
  'POST /mfa/totp/confirm': { refuse: ['mfa_manage'] },
  'POST /mfa/disable': { refuse: ['mfa_manage'] },
  'POST /mfa/backup-codes': { refuse: ['mfa_manage'] },
  'POST /mfa/step-up': { refuse: ['mfa_manage'] },
  ...oauthRouteLimits(SIGNED_IN_ONLY),
  'GET /api-keys': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /api-keys': { refuse: ['api_key_write'] },
  'DELETE /api-keys/:id': {
    refuse: [],
    none: 'revoking must never be refused: it is what a leaked key calls for',
  },
  'POST /api-keys/:id/rotate': { refuse: ['api_key_write'] },
  'POST /introspect': { refuse: ['introspection'] },
  'GET /flows': { refuse: [], none: 'reads the configuration only: no storage, no mail' },
  'GET /organizations': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /organizations': { refuse: ['organization_write'] },
  'GET /organizations/:id/members': { refuse: [], none: SIGNED_IN_ONLY },
  'POST /organizations/:id/invitations': { refuse: ['organization_write'] },
  'POST /organization-invitations/accept': { refuse: ['organization_write'] },
  'POST /organizations/:id/leave': { refuse: [], none: 'leaving must never be refused' },
  'DELETE /organizations/:id/members/:userId': { refuse: ['organization_write'] },
  'POST /organizations/:id/transfer': { refuse: ['organization_write'] },
  'POST /organizations/:id/switch': { refuse: [], none: SIGNED_IN_ONLY },
  'GET /organizations/:id/invitations': { refuse: [], none: SIGNED_IN_ONLY },
  'DELETE /organizations/:id/invitations/:invitationId': {
    refuse: [],
    none: 'revoking must never be refused: it is what a mis-sent invitation calls for',
  },
  'POST /organizations/:id/members/:userId/role': { refuse: ['organization_write'] },
  'DELETE /organizations/:id': { refuse: ['organization_write'] },
  ...passkeyRateLimits(SIGNED_IN_ONLY),
  ...accountRateLimits,
  ...adminRateLimits,
};

/** The table's entry for a route; throws when there is none (a route without a policy). */
export function routeLimit(route: { readonly method: string; readonly path: string }): RouteLimit {
  const limit = routeRateLimits[`${route.method} ${route.path}`];
  if (limit === undefined)
    throw new Error(`${route.method} ${route.path} has no entry in routeRateLimits`);
  return limit;
}
