/**
 * ID token validation (OIDC Core §3.1.3.7) with jose against the issuer's key set: the
 * signature under an allowed asymmetric algorithm, `iss`, `aud`, `azp`, `exp`, `iat`
 * and `nonce`. The token endpoint's TLS alone would allow skipping the signature (§3.1.3.7
 * item 6), but a mix-up or a compromised token endpoint would then go unnoticed.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';

/** Why an ID token was refused (audit detail; callers see `authorization_failed`). */
export type IdTokenFailureReason =
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_authorized_party'
  | 'expired'
  | 'issued_in_future'
  | 'too_old'
  | 'nonce_mismatch'
  | 'missing_claims';

/** What an ID token is checked against. */
export interface IdTokenExpectations {
  /** The issuer's keys (jose's remote key set, or a local one in tests). */
  readonly keys: JWTVerifyGetKey;
  /** Asymmetric algorithms only; see `OidcProviderInput.idTokenAlgorithms`. */
  readonly algorithms: readonly string[];
  /** The exact `iss` required, or a check of it (Microsoft multi-tenant issuers). */
  readonly issuer: string | ((iss: string, payload: JWTPayload) => boolean);
  readonly clientId: string;
  /** The nonce sent in the authorization request. */
  readonly nonce: string;
  readonly now: Date;
  /** Tolerated clock difference, seconds. */
  readonly clockSkew: number;
  /** Refuse tokens issued longer ago than this, seconds (a fresh code yields a fresh token). */
  readonly maxAge: number;
}

export type IdTokenValidation =
  | {
      readonly ok: true;
      readonly claims: JWTPayload & { readonly iss: string; readonly sub: string };
    }
  | { readonly ok: false; readonly reason: IdTokenFailureReason };

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 16_384;
/** Headers that would let the token pick its own key (RFC 8725 §3.10). */
const UNTRUSTED_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

function reasonFor(error: unknown): IdTokenFailureReason {
  // jose reports an `iat` past `maxTokenAge` as JWTExpired on the `iat` claim.
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'too_old' : 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'iat' || error.claim === 'nbf') {
      return error.reason === 'missing' ? 'missing_claims' : 'issued_in_future';
    }
    return error.reason === 'missing' ? 'missing_claims' : 'malformed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'unknown_key';
  }
  return 'malformed';
}

/** Validates `idToken` against `expected`; every refusal is a reason, never a throw. */
export async function validateIdToken(
  idToken: string,
  expected: IdTokenExpectations,
): Promise<IdTokenValidation> {
  const refuse = (reason: IdTokenFailureReason) => ({ ok: false, reason }) as const;
  if (idToken.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(idToken)) {
    // Includes `alg: none` tokens, whose signature part is empty (RFC 7519 §6.1).
    return refuse(idToken.endsWith('.') ? 'algorithm_not_allowed' : 'malformed');
  }
  let alg: unknown;
  try {
    const header = decodeProtectedHeader(idToken);
    if (UNTRUSTED_HEADERS.some((name) => Object.hasOwn(header, name))) return refuse('malformed');
    alg = header.alg;
  } catch {
    return refuse('malformed');
  }
  // An HS256 token "signed" with the client secret, or `none`, never reaches a key.
  if (typeof alg !== 'string' || !expected.algorithms.includes(alg)) {
    return refuse('algorithm_not_allowed');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.keys, {
      algorithms: [...expected.algorithms],
      audience: expected.clientId,
      currentDate: expected.now,
      clockTolerance: expected.clockSkew,
      maxTokenAge: expected.maxAge,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    return refuse(reasonFor(error));
  }
  const { iss, sub, aud, azp, nonce } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || sub === '' || sub.length > 255) {
    return refuse('missing_claims');
  }
  const issuerOk =
    typeof expected.issuer === 'string' ? iss === expected.issuer : expected.issuer(iss, payload);
  if (!issuerOk) return refuse('wrong_issuer');
  // §3.1.3.7 items 4–5: with several audiences `azp` is required; when present it must be us.
  if (Array.isArray(aud) && aud.length > 1 && azp === undefined) {
    return refuse('wrong_authorized_party');
  }
  if (azp !== undefined && azp !== expected.clientId) return refuse('wrong_authorized_party');
  if (nonce !== expected.nonce) return refuse('nonce_mismatch');
  return { ok: true, claims: { ...payload, iss, sub } };
}
