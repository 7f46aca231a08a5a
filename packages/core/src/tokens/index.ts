/**
 * JWT access tokens (RFC 9068 `at+jwt`): issue, verify against a rotating key set, publish
 * the public keys, generate keys.
 */

export type {
  AccessTokenClaims,
  AccessTokenFailureReason,
  AccessTokenVerification,
  IssuedAccessToken,
  TokenOrganization,
} from './claims.ts';
export { isScopeToken } from './claims.ts';
export { generateAccessTokenKey } from './generate.ts';
export type { AccessTokenInput } from './issue.ts';
export { issueAccessToken } from './issue.ts';
export type { PublicKeySet } from './keys.ts';
export { publicJwks } from './keys.ts';
export type { VerifyAccessTokenInput } from './verify.ts';
export { verifyAccessToken } from './verify.ts';
