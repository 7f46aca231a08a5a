import type { DepsFor } from '../deps.ts';
import type { AssuranceLevel } from '../repos.ts';
import type { IssuedAccessToken, TokenOrganization } from '../tokens/index.ts';
import { issueAccessToken } from '../tokens/index.ts';
import { parseIdentifier } from '../validation.ts';
import { memberAccess } from './access.ts';

export type SwitchOrganizationDeps = DepsFor<'config' | 'clock' | 'random', 'organizations'>;

/**
 * The authenticated caller's session and the organization to act in. Every field but
 * `organizationId` comes from the verified credential (the HTTP route passes the
 * principal), never from a request body.
 */
export interface SwitchOrganizationInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly aal: AssuranceLevel;
  readonly scopes?: readonly string[];
  readonly organizationId: string;
}

export type SwitchOrganizationResult =
  | ({ readonly ok: true; readonly organization: TokenOrganization } & IssuedAccessToken)
  /** Unknown, or the caller is not an active member. */
  | { readonly ok: false; readonly reason: 'not_found' };

/**
 * Issues a new access token for the caller's session that carries the organization and
 * the caller's role in it (`org`, `org_role`), after checking the caller is an active
 * member. Tokens are never edited: switching is a new token, and a token without `org`
 * (sign-in, refresh) acts in no organization. Throws `InputError` for a bad id.
 */
export async function switchOrganization(
  deps: SwitchOrganizationDeps,
  input: SwitchOrganizationInput,
): Promise<SwitchOrganizationResult> {
  const organizationId = parseIdentifier('organizationId', input.organizationId);
  const userId = parseIdentifier('userId', input.userId);
  const access = await memberAccess(deps, organizationId, userId);
  if (access === null) return { ok: false, reason: 'not_found' };
  const organization = { id: organizationId, role: access.role };
  const issued = await issueAccessToken(deps, {
    userId,
    sessionId: input.sessionId,
    aal: input.aal,
    ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
    organization,
  });
  return { ok: true, organization, ...issued };
}
