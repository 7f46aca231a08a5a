/**
 * The claims Portcullis puts in an access token, the outcome types of verification, and
 * the allowlisted copy of a verified payload into a fresh object.
 */
import type { AssuranceLevel, MemberRole } from '../repos.ts';

/** The tenant an access token acts in: its `org` and `org_role` claims. */
export interface TokenOrganization {
  readonly id: string;
  readonly role: MemberRole;
}

/** The verified contents of an access token, copied out of the JWT by name and type-checked. */
export interface AccessTokenClaims {
  /** `sub`: the user the token was issued to. */
  readonly userId: string;
  /** `sid`: the session the token belongs to, so a revoked session can be refused. */
  readonly sessionId: string;
  /** `iat`. */
  readonly issuedAt: Date;
  /** `exp`. */
  readonly expiresAt: Date;
  /** `iss`. */
  readonly issuer: string;
  /** `aud`. */
  readonly audience: string;
  /** `jti`: 128 random bits, unique per token (RFC 7519 §4.1.7). */
  readonly jti: string;
  /** `aal`: the assurance level of the session when the token was issued. */
  readonly aal: AssuranceLevel;
  /** `scope` split on spaces (RFC 9068 §2.2.3); `[]` when the token carries none. */
  readonly scopes: readonly string[];
  /**
   * `org` and `org_role`: the active organization and the member's role in it when the
   * token was issued (`switchOrganization`), or `null`. The role is as of issuance: a
   * removal or role change shows from the next token on.
   */
  readonly organization: TokenOrganization | null;
}

/**
 * Why a token was refused. Stable:
 * - `malformed`: over 8192 characters, not a compact JWS, undecodable, or it
 *   carries a header we never issue and never trust (`jku`, `x5u`, `jwk`, `x5c`, `crit`, `b64`);
 * - `unknown_key`: no `kid`, or a `kid` outside the configured key set (e.g. a retired key);
 * - `algorithm_not_allowed`: `alg` is missing or `none`, or is not the algorithm of the
 *   configured key its `kid` names (algorithm confusion, RFC 8725 §2.1);
 * - `bad_signature`: the signature does not verify;
 * - `expired`: `exp` is past, beyond the configured clock skew;
 * - `not_yet_valid`: `nbf` or `iat` is in the future, beyond the clock skew;
 * - `invalid_claims`: wrong `iss`, `aud` or `typ`, a required claim missing, or a claim of
 *   the wrong type.
 */
export type AccessTokenFailureReason =
  | 'malformed'
  | 'unknown_key'
  | 'algorithm_not_allowed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_claims';

/** The outcome of `verifyAccessToken`. */
export type AccessTokenVerification =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly reason: AccessTokenFailureReason };

/** What `issueAccessToken` returns. */
export interface IssuedAccessToken {
  /** The compact JWS to hand to the client. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly claims: AccessTokenClaims;
}

/** RFC 6749 §3.3 scope-token: `1*( %x21 / %x23-5B / %x5D-7E )`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether `value` is a valid RFC 6749 §3.3 scope-token. */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/** A refusal. */
export function refuse(reason: AccessTokenFailureReason): AccessTokenVerification {
  return { ok: false, reason };
}

/**
 * Reads only the named own property: a payload is attacker-shaped JSON, and a missing claim
 * must not fall through to whatever `Object.prototype` holds.
 */
function own(payload: object, name: string): unknown {
  return Object.hasOwn(payload, name) ? (payload as Record<string, unknown>)[name] : undefined;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * NumericDate as we issue it: whole seconds. `Number.isSafeInteger` also refuses the
 * `Infinity` that JSON `1e400` parses to, which jose's own `exp` check would let through
 * as "never expires".
 */
function numericDate(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

const ROLES: readonly unknown[] = ['owner', 'admin', 'member'] satisfies MemberRole[];

/** `org` and `org_role` together or neither; `undefined` when the pair is malformed. */
function parseOrganization(org: unknown, role: unknown): TokenOrganization | null | undefined {
  if (org === undefined && role === undefined) return null;
  if (!nonEmptyString(org) || !ROLES.includes(role)) return undefined;
  return { id: org, role: role as MemberRole };
}

function parseScopes(value: unknown): readonly string[] | null {
  if (value === undefined) return [];
  if (typeof value !== 'string') return null;
  const scopes = value.split(' ');
  return scopes.every(isScopeToken) ? scopes : null;
}

/**
 * Copies a signature-verified payload into a fresh `AccessTokenClaims`, by name and with
 * type checks, so no attacker-chosen key (`__proto__`, `constructor`, ...) reaches the
 * caller. jose has already checked `iss`, `aud`, `typ`, `exp` and `nbf`; `iat` in the
 * future is checked here because jose only checks it when `maxTokenAge` is set.
 */
export function readClaims(
  payload: object,
  expected: { readonly issuer: string; readonly audience: string },
  now: Date,
  clockSkew: number,
): AccessTokenVerification {
  const sub = own(payload, 'sub');
  const sid = own(payload, 'sid');
  const iat = own(payload, 'iat');
  const exp = own(payload, 'exp');
  const jti = own(payload, 'jti');
  const aal = own(payload, 'aal');
  const scopes = parseScopes(own(payload, 'scope'));
  const organization = parseOrganization(own(payload, 'org'), own(payload, 'org_role'));
  if (!nonEmptyString(sub) || !nonEmptyString(sid) || !nonEmptyString(jti))
    return refuse('invalid_claims');
  if (!numericDate(iat) || !numericDate(exp) || exp <= iat) return refuse('invalid_claims');
  if (aal !== 'aal1' && aal !== 'aal2') return refuse('invalid_claims');
  if (scopes === null || organization === undefined) return refuse('invalid_claims');
  // We only ever issue a single-string `aud`; jose also accepts an array containing it.
  if (own(payload, 'iss') !== expected.issuer || own(payload, 'aud') !== expected.audience) {
    return refuse('invalid_claims');
  }
  if (iat > Math.floor(now.getTime() / 1000) + clockSkew) return refuse('not_yet_valid');
  return {
    ok: true,
    claims: {
      userId: sub,
      sessionId: sid,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
      issuer: expected.issuer,
      audience: expected.audience,
      jti,
      aal,
      scopes,
      organization,
    },
  };
}
