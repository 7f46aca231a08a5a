import { SignJWT } from 'jose';
import type { AuthDeps } from '../deps.ts';
import { InputError, type InputIssue } from '../errors.ts';
import { randomToken } from '../primitives/index.ts';
import type { AssuranceLevel } from '../repos.ts';
import { type IssuedAccessToken, isScopeToken, type TokenOrganization } from './claims.ts';
import { signingKey } from './keys.ts';

/** What an access token is issued for. */
export interface AccessTokenInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly aal: AssuranceLevel;
  /** RFC 6749 §3.3 scope-tokens; duplicates are dropped (scope is a set). */
  readonly scopes?: readonly string[];
  /** The active organization and role, written as `org` and `org_role`. Default none. */
  readonly organization?: TokenOrganization | undefined;
}

function validate(input: AccessTokenInput): readonly string[] {
  const issues: InputIssue[] = [];
  const text = (field: string, value: unknown) => {
    if (typeof value !== 'string') issues.push({ field, problem: 'invalid_type' });
    else if (value === '') issues.push({ field, problem: 'required' });
  };
  text('userId', input.userId);
  text('sessionId', input.sessionId);
  if (input.aal !== 'aal1' && input.aal !== 'aal2')
    issues.push({ field: 'aal', problem: 'not_allowed' });
  const scopes = input.scopes ?? [];
  if (!Array.isArray(scopes)) issues.push({ field: 'scopes', problem: 'invalid_type' });
  else if (!scopes.every(isScopeToken)) issues.push({ field: 'scopes', problem: 'invalid_format' });
  const organization = input.organization;
  if (organization !== undefined) {
    text('organization.id', organization.id);
    if (!['owner', 'admin', 'member'].includes(organization.role))
      issues.push({ field: 'organization.role', problem: 'not_allowed' });
  }
  if (issues.length > 0) throw new InputError(issues);
  return [...new Set(scopes)];
}

/**
 * Signs a JWT access token (RFC 9068 profile: `typ: at+jwt`, §2.1) for a session with the
 * configured `signingKid`. Time comes from `deps.clock` and `jti` (128 bits) from
 * `deps.random`, so tests control both. Throws `InputError` for an invalid id, `aal` or
 * scope, and `ConfigError` when the signing key cannot be imported.
 */
export async function issueAccessToken(
  deps: Pick<AuthDeps, 'config' | 'clock' | 'random'>,
  input: AccessTokenInput,
): Promise<IssuedAccessToken> {
  const scopes = validate(input);
  const { config } = deps;
  const signer = await signingKey(config.accessToken);
  const issuedAt = Math.floor(deps.clock.now().getTime() / 1000);
  const expiresAt = issuedAt + config.accessToken.ttl;
  const jti = randomToken(deps.random, 128);
  // RFC 9068 §2.2.3: a space-separated string, absent when the token grants no scope.
  const extra = {
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    ...(input.organization
      ? { org: input.organization.id, org_role: input.organization.role }
      : {}),
  };
  const token = await new SignJWT({ sid: input.sessionId, aal: input.aal, ...extra })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' })
    .setSubject(input.userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(signer.key);
  const claims = {
    userId: input.userId,
    sessionId: input.sessionId,
    issuedAt: new Date(issuedAt * 1000),
    expiresAt: new Date(expiresAt * 1000),
    issuer: config.issuer,
    audience: config.audience,
    jti,
    aal: input.aal,
    scopes,
    organization: input.organization ? { ...input.organization } : null,
  };
  return { token, expiresAt: claims.expiresAt, claims };
}
