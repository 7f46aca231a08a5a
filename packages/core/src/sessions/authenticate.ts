import type { DepsFor } from '../deps.ts';
import { memberAccess } from '../orgs/index.ts';
import type {
  AccessTokenClaims,
  AccessTokenFailureReason,
  TokenOrganization,
} from '../tokens/index.ts';
import { verifyAccessToken } from '../tokens/index.ts';
import { sessionExpiry } from './lifetime.ts';

export type AuthenticateDeps = DepsFor<'config' | 'clock', 'sessions' | 'organizations'>;

/**
 * Why `authenticate` refused: the token's own reasons, its session is gone or expired
 * (`session_ended`), or the organization it carries (`org`) was deleted, the user is no
 * longer an active member of it, or their role there is no longer the token's
 * (`tenant_changed`: refresh, then switch again).
 */
export type AuthenticationFailureReason =
  | AccessTokenFailureReason
  | 'session_ended'
  | 'tenant_changed';

export type Authentication =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly reason: AuthenticationFailureReason };

/** An access token presented by a client (`Authorization: Bearer`). */
export interface AuthenticateInput {
  readonly accessToken: string;
}

/** Whether `userId` is still an active member of the token's organization, in its role. */
async function tenantHolds(
  deps: AuthenticateDeps,
  tenant: TokenOrganization | null,
  userId: string,
): Promise<boolean> {
  if (tenant === null) return true;
  const access = await memberAccess(deps, tenant.id, userId);
  return access !== null && access.role === tenant.role;
}

/**
 * Verifies an access token *and* that its session is still alive, and, for a token that
 * carries an organization, that the membership and role it names still hold.
 * `verifyAccessToken` alone trusts a token until `exp`; this costs one read (two more for
 * a tenant token) but makes sign-out, "log out everywhere", bans, refresh-token replay,
 * removals, role changes and deleted organizations take effect immediately. Throws like
 * `verifyAccessToken`.
 */
export async function authenticate(
  deps: AuthenticateDeps,
  input: AuthenticateInput,
): Promise<Authentication> {
  const verified = await verifyAccessToken(deps, input);
  if (!verified.ok) return verified;
  const [session, tenant] = await Promise.all([
    deps.repos.sessions.findById(verified.claims.sessionId),
    tenantHolds(deps, verified.claims.organization, verified.claims.userId),
  ]);
  if (
    !session ||
    session.userId !== verified.claims.userId ||
    sessionExpiry(session, deps.config, deps.clock.now()) !== null
  ) {
    return { ok: false, reason: 'session_ended' };
  }
  if (!tenant) return { ok: false, reason: 'tenant_changed' };
  return { ok: true, claims: verified.claims };
}
