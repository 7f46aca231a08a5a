import type { DepsFor } from '../deps.ts';
import type { AccessTokenClaims, AccessTokenFailureReason } from '../tokens/index.ts';
import { verifyAccessToken } from '../tokens/index.ts';
import { sessionExpiry } from './lifetime.ts';

export type AuthenticateDeps = DepsFor<'config' | 'clock', 'sessions'>;

/** Why `authenticate` refused: the token's own reasons, or its session is gone or expired. */
export type AuthenticationFailureReason = AccessTokenFailureReason | 'session_ended';

export type Authentication =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly reason: AuthenticationFailureReason };

/** An access token presented by a client (`Authorization: Bearer`). */
export interface AuthenticateInput {
  readonly accessToken: string;
}

/**
 * Verifies an access token *and* that its session is still alive. `verifyAccessToken`
 * alone trusts a token until `exp`; this costs one read but makes sign-out, "log out
 * everywhere", bans and refresh-token replay take effect immediately. Throws like
 * `verifyAccessToken`.
 */
export async function authenticate(
  deps: AuthenticateDeps,
  input: AuthenticateInput,
): Promise<Authentication> {
  const verified = await verifyAccessToken(deps, input);
  if (!verified.ok) return verified;
  const session = await deps.repos.sessions.findById(verified.claims.sessionId);
  if (
    !session ||
    session.userId !== verified.claims.userId ||
    sessionExpiry(session, deps.config, deps.clock.now()) !== null
  ) {
    return { ok: false, reason: 'session_ended' };
  }
  return { ok: true, claims: verified.claims };
}
