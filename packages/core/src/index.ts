/**
 * @portcullis/core — the public surface. Every export is named here; capability
 * folders are also reachable as subpaths (`@portcullis/core/sessions`, ...).
 */

export type { AuditLogQueryDeps, ListAuditEventsInput } from './audit/index.ts';
export { auditLogSink, auditPseudonym, listAuditEvents, toAuditEntry } from './audit/index.ts';
export type { CreateAuthOptions } from './auth.ts';
export { bindAuth, createAuth, createAuthDeps } from './auth.ts';
export type { Auth, AuthInternal } from './auth-interface.ts';
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
export type { IntegerSetting, IntegerSettingName } from './config-defaults.ts';
export { CONFIG_DEFAULTS } from './config-defaults.ts';
export type { PasswordlessConfigInput } from './config-passwordless.ts';
export type {
  ChangePasswordFailureReason,
  ChangePasswordInput,
  ChangePasswordResult,
  NormalizedEmail,
  RequestEmailVerificationInput,
  RequestEmailVerificationResult,
  RequestPasswordResetInput,
  RequestPasswordResetResult,
  ResetPasswordFailureReason,
  ResetPasswordInput,
  ResetPasswordResult,
  SignInFailureReason,
  SignInInput,
  SignInResult,
  SignUpFailureReason,
  SignUpInput,
  SignUpResult,
  SignUpServerFields,
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
export type { AuthErrorByCode, AuthErrorCode, InputIssue, InputProblem } from './errors.ts';
export {
  AuthError,
  BusyError,
  ConfigError,
  InputError,
  isAuthError,
  SecretUnreadableError,
  StorageError,
} from './errors.ts';
export type {
  AuthEvent,
  AuthEventOf,
  AuthEventType,
  EventDraft,
  EventEmitter,
  MagicLinkAuditReason,
  MfaAuditFailure,
  MfaPurpose,
  RequestContext,
  SignInAuditReason,
  SignInCodeAuditReason,
  SinkFailureHandler,
  VerifyEmailAuditReason,
} from './events/index.ts';
export { auditEvent, safeEmitter } from './events/index.ts';
export type { DerivedKeys } from './keys/index.ts';
export { deriveKeys } from './keys/index.ts';
export type { AuthMail, AuthMailer, MailOutbox, MailOutboxOptions } from './mail/index.ts';
export { createMailOutbox } from './mail/index.ts';
export type { PruneDeps, PruneInput, PruneResult } from './maintenance/index.ts';
export { prune } from './maintenance/index.ts';
export type {
  CheckFactorDeps,
  CompleteMfaSignInDeps,
  CompleteMfaSignInFailureReason,
  CompleteMfaSignInInput,
  CompleteMfaSignInResult,
  ConfirmTotpDeps,
  ConfirmTotpFailureReason,
  ConfirmTotpInput,
  ConfirmTotpResult,
  DisableMfaDeps,
  DisableMfaInput,
  DisableMfaResult,
  EnrolTotpDeps,
  EnrolTotpFailureReason,
  EnrolTotpInput,
  EnrolTotpResult,
  MfaChangeFailureReason,
  MfaStatus,
  MfaStatusDeps,
  MfaStatusInput,
  RegenerateBackupCodesInput,
  RegenerateBackupCodesResult,
  SecondFactorFailureReason,
  SecondFactorGate,
  SecondFactorKind,
  SecondFactorMethod,
  SecondFactorProof,
  SecretBox,
  SecretBoxKey,
  SecretBoxOptions,
  StepUpSessionDeps,
  StepUpSessionFailureReason,
  StepUpSessionInput,
  StepUpSessionResult,
} from './mfa/index.ts';
export {
  completeMfaSignIn,
  confirmTotp,
  createSecretBox,
  disableMfa,
  enrolTotp,
  getMfaStatus,
  matchTotpStep,
  regenerateBackupCodes,
  repositorySecondFactorGate,
  stepUpSession,
  totpStep,
  totpUri,
} from './mfa/index.ts';
export type {
  Argon2idEngine,
  Argon2idInput,
  BcryptVerifier,
  BreachedPasswordChecker,
  HasherConcurrencyOptions,
  PasswordEngine,
  PasswordHasher,
  PasswordPolicy,
  PasswordRefusal,
  PasswordScreen,
  PasswordScreenOptions,
  RangeApiOptions,
} from './password/index.ts';
export {
  canCompileWasm,
  createArgon2idHasher,
  createPasswordHasher,
  createPasswordScreen,
  createRangeApiBreachChecker,
  defaultPasswordEngine,
  hashWasmEngine,
  isCommonPassword,
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
export type {
  ConsumeMagicLinkDeps,
  ConsumeMagicLinkFailureReason,
  ConsumeMagicLinkInput,
  ConsumeMagicLinkResult,
  MagicLinkClaims,
  MagicLinkIntent,
  MagicLinkTokenCheck,
  MagicLinkTokenFailure,
  PasswordlessSignIn,
  RequestMagicLinkDeps,
  RequestMagicLinkInput,
  RequestMagicLinkResult,
  RequestSignInCodeDeps,
  RequestSignInCodeInput,
  RequestSignInCodeResult,
  SignInWithCodeDeps,
  SignInWithCodeFailureReason,
  SignInWithCodeInput,
  SignInWithCodeResult,
} from './passwordless/index.ts';
export {
  consumeMagicLink,
  MAGIC_LINK_FRAGMENT,
  requestMagicLink,
  requestSignInCode,
  signInWithCode,
  signMagicLinkToken,
  verifyMagicLinkToken,
} from './passwordless/index.ts';
export type { Clock, IpRange, ParsedIp, RandomSource } from './primitives/index.ts';
export {
  cryptoRandom,
  ipInRange,
  parseIp,
  parseIpRange,
  systemClock,
} from './primitives/index.ts';
export type {
  DeviceToken,
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
  IssueRefreshTokenInput,
  RefreshFailureReason,
  RefreshRotationResult,
  RefreshTokenInput,
} from './refresh/index.ts';
export { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh/index.ts';
export type {
  AssuranceLevel,
  AuditEventSink,
  AuditLogEntry,
  AuditLogPage,
  AuditLogQuery,
  AuditLogRecord,
  AuditLogRepo,
  BackupCodeSet,
  CodeRedemption,
  JsonValue,
  MfaRepo,
  PendingSignUpCodeGuess,
  PendingSignUpRecord,
  PendingSignUpRepo,
  RateLimitDecision,
  RateLimitPolicy,
  RateLimitStore,
  RefreshRotation,
  RefreshTokenRecord,
  RefreshTokenRepo,
  RefreshTokenWithSession,
  Repositories,
  SessionRecord,
  SessionRepo,
  TotpFactorRecord,
  UserListQuery,
  UserMetadata,
  UserPage,
  UserPatch,
  UserRecord,
  UserRepo,
  VerificationAttempt,
  VerificationGuess,
  VerificationPurpose,
  VerificationTokenRecord,
  VerificationTokenRepo,
} from './repos.ts';
export type {
  AuthenticateInput,
  Authentication,
  AuthenticationFailureReason,
  CreatedSession,
  CreateSessionInput,
  ListSessionsInput,
  RevokeAllSessionsInput,
  RevokeSessionByTokenInput,
  RevokeSessionInput,
  SessionExpiry,
  SessionFailureReason,
  SessionInfo,
  SessionValidation,
  ValidateSessionInput,
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
  PublicKeySet,
  VerifyAccessTokenInput,
} from './tokens/index.ts';
export {
  generateAccessTokenKey,
  isScopeToken,
  issueAccessToken,
  publicJwks,
  verifyAccessToken,
} from './tokens/index.ts';
export type {
  BanUserInput,
  GetUserInput,
  ListUsersInput,
  PublicUser,
  PublicUserPage,
  SetUserMetadataInput,
  UserActionInput,
} from './users/index.ts';
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
