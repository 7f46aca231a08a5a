/**
 * @portcullis/core — the public surface. Every export is named here; capability
 * folders are also reachable as subpaths (`@portcullis/core/sessions`, ...).
 */

export type { Auth, CreateAuthOptions } from './auth.ts';
export { createAuth } from './auth.ts';
export type {
  AccessTokenAlgorithm,
  AccessTokenKeyInput,
  Argon2Params,
  AsymmetricKeyInput,
  AuthConfig,
  AuthConfigInput,
  HmacKeyInput,
} from './config.ts';
export { createAuthConfig } from './config.ts';
export type {
  ChangePasswordInput,
  NormalizedEmail,
  ResetPasswordResult,
  SignInInput,
  SignInResult,
  SignUpInput,
  VerifyEmailFailureReason,
  VerifyEmailInput,
  VerifyEmailResult,
} from './credentials/index.ts';
export {
  changePassword,
  normalizeEmail,
  requestEmailVerification,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from './credentials/index.ts';
export type { AuthDeps, DepsFor } from './deps.ts';
export type { AuthErrorCode, InputIssue, InputProblem } from './errors.ts';
export {
  AuthError,
  BusyError,
  ConfigError,
  InputError,
  isAuthError,
  StorageError,
} from './errors.ts';
export type {
  AuthEvent,
  AuthEventOf,
  AuthEventType,
  EventDraft,
  EventEmitter,
  RequestContext,
  SignInFailureReason,
  SinkFailureHandler,
} from './events/index.ts';
export { auditEvent, safeEmitter } from './events/index.ts';
export type { AuthMail, AuthMailer } from './mail/index.ts';
export type { SecondFactorGate, SecondFactorKind } from './mfa/index.ts';
export type {
  Argon2idEngine,
  Argon2idInput,
  BcryptVerifier,
  HasherConcurrencyOptions,
  PasswordEngine,
  PasswordHasher,
  PasswordPolicy,
} from './password/index.ts';
export {
  canCompileWasm,
  createArgon2idHasher,
  createPasswordHasher,
  defaultPasswordEngine,
  hashWasmEngine,
  limitHasherConcurrency,
  normalizePassword,
  portableArgon2id,
  portableBcryptVerify,
  portableEngine,
  runtimePasswordEngine,
  selectPasswordEngine,
  wasmArgon2id,
  wasmBcryptVerify,
} from './password/index.ts';
export type { Clock, RandomSource } from './primitives/index.ts';
export { cryptoRandom, systemClock } from './primitives/index.ts';
export type {
  RateLimitAction,
  RateLimiter,
  RateLimiterOptions,
  RateLimitRequest,
  RateLimitResult,
  RateLimitRule,
  RateLimitRules,
  RateLimitSubject,
} from './rate-limit/index.ts';
export { createRateLimiter, defaultRateLimits } from './rate-limit/index.ts';
export type {
  IssuedRefreshToken,
  RefreshFailureReason,
  RefreshRotationResult,
} from './refresh/index.ts';
export { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh/index.ts';
export type {
  AssuranceLevel,
  AuditEventSink,
  JsonValue,
  RateLimitDecision,
  RateLimitPolicy,
  RateLimitStore,
  RefreshRotation,
  RefreshTokenRecord,
  RefreshTokenRepo,
  Repositories,
  SessionRecord,
  SessionRepo,
  UserListQuery,
  UserMetadata,
  UserPage,
  UserPatch,
  UserRecord,
  UserRepo,
  VerificationPurpose,
  VerificationTokenRecord,
  VerificationTokenRepo,
} from './repos.ts';
export type {
  Authentication,
  CreatedSession,
  SessionExpiry,
  SessionFailureReason,
  SessionInfo,
  SessionValidation,
} from './sessions/index.ts';
export {
  authenticate,
  createSession,
  listSessions,
  revokeAllSessions,
  revokeSession,
  revokeSessionByToken,
  validateSession,
} from './sessions/index.ts';
export type {
  AccessTokenClaims,
  AccessTokenFailureReason,
  AccessTokenInput,
  AccessTokenVerification,
  IssuedAccessToken,
} from './tokens/index.ts';
export {
  generateAccessTokenKey,
  issueAccessToken,
  publicJwks,
  verifyAccessToken,
} from './tokens/index.ts';
export type { ListUsersInput, PublicUser } from './users/index.ts';
export {
  banUser,
  deleteUserPermanently,
  getUser,
  listUsers,
  setUserMetadata,
  softDeleteUser,
  toPublicUser,
  unbanUser,
} from './users/index.ts';
