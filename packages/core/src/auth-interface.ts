/**
 * The object `createAuth` returns: every user flow bound to one set of dependencies.
 * Each method is the standalone function of the same name with `deps` filled in, and
 * follows the error rule of docs/architecture.md: outcomes a caller branches on come back
 * as `{ ok: false, reason }`; a call that breaks its input contract throws `InputError`
 * (code `INPUT_INVALID`) before anything is read or written; a failing store throws
 * `StorageError` (`STORAGE_FAILURE`).
 */

import type { ApiKeyMethods } from './api-keys/index.ts';
import type { ListAuditEventsInput } from './audit/index.ts';
import type {
  ChangePasswordInput,
  ChangePasswordResult,
  RequestEmailVerificationInput,
  RequestEmailVerificationResult,
  RequestPasswordResetInput,
  RequestPasswordResetResult,
  ResetPasswordInput,
  ResetPasswordResult,
  SignInInput,
  SignInResult,
  SignUpInput,
  SignUpResult,
  SignUpServerFields,
  VerifyEmailInput,
  VerifyEmailResult,
} from './credentials/index.ts';
import type { FlowEnabledInput } from './flows/index.ts';
import type { IntrospectTokenInput, IntrospectTokenResult } from './introspection/index.ts';
import type {
  AccountExport,
  ConfirmAccountDeletionInput,
  ConfirmAccountDeletionResult,
  EraseAccountInput,
  EraseAccountResult,
  ExportAccountInput,
  RequestAccountDeletionInput,
  RequestAccountDeletionResult,
} from './lifecycle/index.ts';
import type { PruneInput, PruneResult } from './maintenance/index.ts';
import type {
  BeginPasskeyMfaSignInInput,
  BeginPasskeyMfaSignInResult,
  BeginPasskeyStepUpInput,
  BeginPasskeyStepUpResult,
  CompleteMfaSignInInput,
  CompleteMfaSignInResult,
  ConfirmTotpInput,
  ConfirmTotpResult,
  DisableMfaInput,
  DisableMfaResult,
  EnrolTotpInput,
  EnrolTotpResult,
  MfaStatus,
  MfaStatusInput,
  RegenerateBackupCodesInput,
  RegenerateBackupCodesResult,
  StepUpSessionInput,
  StepUpSessionResult,
} from './mfa/index.ts';
import type { OAuthMethods } from './oauth/index.ts';
import type { OrganizationMethods } from './orgs/index.ts';
import type { PasskeyMethods } from './passkeys/index.ts';
import type {
  ConsumeMagicLinkInput,
  ConsumeMagicLinkResult,
  RequestMagicLinkInput,
  RequestMagicLinkResult,
  RequestSignInCodeInput,
  RequestSignInCodeResult,
  SignInWithCodeInput,
  SignInWithCodeResult,
} from './passwordless/index.ts';
import type { Clock } from './primitives/index.ts';
import type {
  ProvisionOrganizationInput,
  ProvisionOrganizationResult,
  ProvisionUserInput,
  ProvisionUserResult,
} from './provisioning/index.ts';
import type {
  IssuedRefreshToken,
  IssueRefreshTokenInput,
  RefreshRotationResult,
  RefreshTokenInput,
} from './refresh/index.ts';
import type { AuditLogPage } from './repos.ts';
import type {
  AuthenticateInput,
  Authentication,
  CreatedSession,
  CreateSessionInput,
  ListSessionsInput,
  RevokeAllSessionsInput,
  RevokeSessionByTokenInput,
  RevokeSessionInput,
  SessionInfo,
  SessionValidation,
  ValidateSessionInput,
} from './sessions/index.ts';
import type {
  AccessTokenInput,
  AccessTokenVerification,
  IssuedAccessToken,
  PublicKeySet,
  VerifyAccessTokenInput,
} from './tokens/index.ts';
import type {
  BanUserInput,
  DeleteUserResult,
  GetUserInput,
  InspectUserInput,
  ListUsersInput,
  PublicUser,
  PublicUserPage,
  SearchUsersInput,
  SetUserMetadataInput,
  UserActionInput,
  UserInspection,
} from './users/index.ts';

/**
 * Calls that skip the checks of the user flows: they trust their caller to have
 * authenticated the user already. Use them to build your own sign-in method, never with
 * values straight from a request.
 */
export interface AuthInternal {
  /**
   * Starts a session for `userId` at assurance level `aal`, with no credential check.
   * Returns the session and its token (shown once; only a hash is stored), or `null` when
   * the user is banned, soft-deleted or gone (checked in the same step as the insert, so a
   * racing ban always wins).
   */
  createSession(input: CreateSessionInput): Promise<CreatedSession | null>;
  /**
   * Signs an access token (RFC 9068 JWT) for a session without looking the session up.
   * Throws `InputError` for an empty id, an unknown `aal` or a scope that is not an
   * RFC 6749 scope-token; `ConfigError` when the signing key cannot be imported.
   */
  issueAccessToken(input: AccessTokenInput): Promise<IssuedAccessToken>;
  /**
   * Starts the refresh-token family of a session (bearer-token clients, right after
   * sign-in). Returns the token (shown once) and when it expires, or `null` when the
   * session has ended or its user was banned or deleted meanwhile.
   */
  issueRefreshToken(input: IssueRefreshTokenInput): Promise<IssuedRefreshToken | null>;
  /**
   * Creates an account with a verified address and no password, or returns the address's
   * account (`created: false`); `unavailable` for a banned or deleted one. Idempotent.
   * Throws `InputError` for a malformed email or metadata.
   */
  provisionUser(input: ProvisionUserInput): Promise<ProvisionUserResult>;
  /**
   * Creates the organization `organizationId` owned by `userId`, or returns it when it
   * exists with that owner (`created: false`); `conflict` for another owner, `not_found`
   * for an unavailable user. Idempotent. Throws `InputError` for a bad id or name.
   */
  provisionOrganization(input: ProvisionOrganizationInput): Promise<ProvisionOrganizationResult>;
}

/** Every flow of Portcullis, bound to one configuration, store, mailer and clock. */
export interface Auth extends OAuthMethods, ApiKeyMethods, OrganizationMethods, PasskeyMethods {
  /**
   * Registers a user and mails a verification code or link. With verification required
   * (the default) the password waits in a pending sign-up until the secret mailed for
   * this sign-up is redeemed; no account exists before. Returns `{ ok: true }` whether
   * or not the address had an account (the owner gets an `account_exists` mail instead),
   * or `password_too_common` / `password_breached` when the password screen refuses the
   * password (before any lookup, so it reveals nothing about the address). `server` holds
   * what only the server sets (`metadata`). Throws `InputError` for an
   * invalid email, a password outside the policy, invalid metadata, or `metadata` inside
   * `input`.
   */
  signUp(input: SignUpInput, server?: SignUpServerFields): Promise<SignUpResult>;
  /**
   * Email-and-password sign-in. Returns a session and its token, a second-factor challenge
   * (`mfa_required`), or a `SignInFailureReason`: `invalid_credentials` also for a pending
   * sign-up and, unless `signIn.revealAccountStatus`, a banned or unverified account with
   * the right password. Throws `InputError` for an email that is not an address or a
   * password over `password.maxLength`.
   */
  signIn(input: SignInInput): Promise<SignInResult>;
  /**
   * Redeems a mailed code (with its address) or link token, each usable once, activating
   * exactly the sign-up it was mailed for and ending every earlier session of the account.
   * Returns the user id, or `invalid` for any wrong, expired, used or exhausted secret. Throws `InputError` for a malformed email or a code that is not six
   * digits.
   */
  verifyEmail(input: VerifyEmailInput): Promise<VerifyEmailResult>;
  /**
   * Mails a fresh verification code or link to an account that exists unverified, when
   * verification is optional, subject to the resend cooldown. With verification required
   * it mails nothing: signing up again is the resend. Always `{ ok: true }`. Throws
   * `InputError` for a malformed email.
   */
  requestEmailVerification(
    input: RequestEmailVerificationInput,
  ): Promise<RequestEmailVerificationResult>;
  /**
   * "Forgot password": mails a single-use reset link to an active account. Always
   * `{ ok: true }`. Throws `InputError` for a malformed email.
   */
  requestPasswordReset(input: RequestPasswordResetInput): Promise<RequestPasswordResetResult>;
  /**
   * Sets a new password with a reset token and ends every session of the user. Returns
   * the user id, `invalid` for an unknown, expired or used token, or
   * `password_too_common` / `password_breached` (the token stays unspent). Throws
   * `InputError` for a new password outside the policy.
   */
  resetPassword(input: ResetPasswordInput): Promise<ResetPasswordResult>;
  /**
   * Mails a single-use magic link (`passwordless.linkUrl` with a signed token, 10 minutes
   * by default) to the account of the address, or a sign-up link where
   * `passwordless.signUp` allows. Always `{ ok: true }`, with the same repository work
   * whether or not the address has an account. Throws `InputError` for a malformed email
   * and `ConfigError` without `passwordless.linkUrl`.
   */
  requestMagicLink(input: RequestMagicLinkInput): Promise<RequestMagicLinkResult>;
  /**
   * Follows a magic link: a session (`signed_in`), `mfa_required` for a user with a second
   * factor, or `malformed`, `bad_signature`, `expired`, `consumed`. Works once, even
   * against concurrent clicks; proves (and so verifies) the address. Throws `InputError`
   * only for a non-string token.
   */
  consumeMagicLink(input: ConsumeMagicLinkInput): Promise<ConsumeMagicLinkResult>;
  /**
   * Mails a one-time sign-in code (6–8 digits, 10 minutes, attempt-limited) to the account
   * of the address, or a sign-up code where `passwordless.signUp` allows. Always
   * `{ ok: true }`. Throws `InputError` for a malformed email.
   */
  requestSignInCode(input: RequestSignInCodeInput): Promise<RequestSignInCodeResult>;
  /**
   * Signs in with a mailed code: a session, `mfa_required`, or `invalid` for any wrong,
   * used, expired or exhausted code and any address without an account. Each guess is one
   * atomic, counted step. Throws `InputError` for a malformed email or a code that is not
   * 6 to 8 digits.
   */
  signInWithCode(input: SignInWithCodeInput): Promise<SignInWithCodeResult>;
  /**
   * Changes a signed-in user's password given the current one, ending every other
   * session. Returns `invalid_credentials` for a wrong current password or a concurrent
   * change, `password_too_common` / `password_breached` for a refused new one. Throws `InputError` for a malformed id or a new password outside the policy.
   */
  changePassword(input: ChangePasswordInput): Promise<ChangePasswordResult>;
  /**
   * The second step of an `mfa_required` sign-in: a TOTP code, backup code or passkey assertion with the
   * challenge starts a session at `aal2`. Returns `invalid_challenge` (unknown, expired,
   * used or out of attempts), `invalid_code` (wrong or replayed), `too_many_attempts` (the
   * user's limit) or `account_banned`. Throws `InputError` for a malformed proof and
   * `SecretUnreadableError` when the TOTP secret cannot be decrypted.
   */
  completeMfaSignIn(input: CompleteMfaSignInInput): Promise<CompleteMfaSignInResult>;
  /**
   * Passkey options for answering an `mfa_required` sign-in (its `challengeToken`) with a
   * passkey; the MFA challenge is read, neither spent nor counted. Returns
   * `invalid_challenge`, `no_passkey`, `passkey_was_first_factor` (a passkey sign-in issued
   * the challenge) or `disabled`. Throws `InputError` for a non-string.
   */
  beginPasskeyMfaSignIn(input: BeginPasskeyMfaSignInInput): Promise<BeginPasskeyMfaSignInResult>;
  /**
   * Passkey options for stepping the user's session up (`stepUpSession` with a `webauthn`
   * proof, which must carry user verification). Returns `mfa_not_enabled`, `session_ended`, `no_passkey` or `disabled`.
   * Throws `InputError` for a malformed id.
   */
  beginPasskeyStepUp(input: BeginPasskeyStepUpInput): Promise<BeginPasskeyStepUpResult>;
  /**
   * Starts TOTP enrolment: returns the secret and its `otpauth://` URI; the factor is
   * pending until `confirmTotp`. Re-enrolling over a confirmed factor needs a fresh
   * `proof`. Returns `not_found`, `second_factor_required`, `invalid_code` or
   * `too_many_attempts`. Throws `InputError` for a malformed id or proof.
   */
  enrolTotp(input: EnrolTotpInput): Promise<EnrolTotpResult>;
  /**
   * Confirms the pending TOTP factor with a first code: returns ten backup codes (shown
   * once) and ends the user's other sessions. Returns `no_pending_factor`, `invalid_code`
   * or `too_many_attempts`. Throws `InputError` for a malformed id or code.
   */
  confirmTotp(input: ConfirmTotpInput): Promise<ConfirmTotpResult>;
  /**
   * Turns MFA off given a fresh TOTP or backup code, ending the user's other sessions.
   * Returns `mfa_not_enabled`, `invalid_code` or `too_many_attempts`. Throws `InputError`
   * for a malformed id or proof.
   */
  disableMfa(input: DisableMfaInput): Promise<DisableMfaResult>;
  /**
   * Replaces the user's backup codes given a fresh TOTP or backup code; returns the ten new
   * codes (shown once). Returns `mfa_not_enabled`, `invalid_code` or `too_many_attempts`.
   * Throws `InputError` for a malformed id or proof.
   */
  regenerateBackupCodes(input: RegenerateBackupCodesInput): Promise<RegenerateBackupCodesResult>;
  /** The user's TOTP state and remaining backup codes. Throws `InputError` for a malformed id. */
  getMfaStatus(input: MfaStatusInput): Promise<MfaStatus>;
  /**
   * Step-up: a fresh TOTP or backup code replaces the user's session with a new one at
   * `aal2` (returned with its token). Returns `mfa_not_enabled`, `session_ended`,
   * `invalid_code` or `too_many_attempts`. Throws `InputError` for a malformed id or proof.
   */
  stepUpSession(input: StepUpSessionInput): Promise<StepUpSessionResult>;
  /**
   * Checks a presented session token and records its use. Returns the session, or
   * `invalid`, `expired` or `idle_timeout`. Throws `InputError` only for a non-string.
   */
  validateSession(input: ValidateSessionInput): Promise<SessionValidation>;
  /** The user's live sessions, newest first. Throws `InputError` for a malformed id. */
  listSessions(input: ListSessionsInput): Promise<readonly SessionInfo[]>;
  /**
   * Ends one of the user's sessions and its refresh tokens. Returns `false` when there is
   * no such session of that user. Throws `InputError` for a malformed id.
   */
  revokeSession(input: RevokeSessionInput): Promise<boolean>;
  /**
   * Ends the session a presented token names, when the token is genuine. Returns whether
   * a session ended. Throws `InputError` only for a non-string.
   */
  revokeSessionByToken(input: RevokeSessionByTokenInput): Promise<boolean>;
  /**
   * Ends every session of the user (optionally but one) and their refresh tokens. Returns
   * how many sessions ended. Throws `InputError` for a malformed id.
   */
  revokeAllSessions(input: RevokeAllSessionsInput): Promise<number>;
  /**
   * Verifies an access token's signature and claims only (not its session). Returns the
   * claims or an `AccessTokenFailureReason`. Throws `InputError` for a non-string and
   * `ConfigError` for a configured key that cannot be imported.
   */
  verifyAccessToken(input: VerifyAccessTokenInput): Promise<AccessTokenVerification>;
  /**
   * Verifies an access token and that its session is still alive. Returns the claims, an
   * `AccessTokenFailureReason` or `session_ended`. Throws like `verifyAccessToken`.
   */
  authenticate(input: AuthenticateInput): Promise<Authentication>;
  /**
   * The public verification keys, for `/.well-known/jwks.json`. Throws `ConfigError` for a
   * configured key that cannot be exported.
   */
  publicJwks(): Promise<PublicKeySet>;
  /**
   * Exchanges a refresh token for its successor, atomically. Returns the new token and the
   * session, or a `RefreshFailureReason` (a replayed token ends its session). Throws
   * `InputError` only for a non-string.
   */
  rotateRefreshToken(input: RefreshTokenInput): Promise<RefreshRotationResult>;
  /**
   * Ends a refresh token's family and its session. Always `true` (RFC 7009 §2.2). Throws
   * `InputError` only for a non-string.
   */
  revokeRefreshToken(input: RefreshTokenInput): Promise<true>;
  /** A user by id, or `null`. Throws `InputError` for a malformed id. */
  getUser(input: GetUserInput): Promise<PublicUser | null>;
  /**
   * One page of users, optionally filtered by email. Throws `InputError` for a limit
   * outside 1–100 or a malformed cursor or filter.
   */
  listUsers(input?: ListUsersInput): Promise<PublicUserPage>;
  /**
   * `listUsers` for an operator (`actorId`), recorded as `admin.users_searched`. Throws
   * `InputError` like `listUsers`, and for a malformed `actorId`.
   */
  searchUsers(input: SearchUsersInput): Promise<PublicUserPage>;
  /**
   * A user's account, live sessions and 20 newest audit events for an operator
   * (`actorId`), recorded as `admin.user_viewed`; `null` when there is no such user.
   * Throws `InputError` for a malformed id.
   */
  inspectUser(input: InspectUserInput): Promise<UserInspection | null>;
  /**
   * Replaces a user's application metadata. Returns the user, or `null` when there is
   * none. Throws `InputError` for a malformed id or invalid metadata.
   */
  setUserMetadata(input: SetUserMetadataInput): Promise<PublicUser | null>;
  /**
   * Bans a user and ends all their sessions. Returns the user, or `null` when there is
   * none. Throws `InputError` for a malformed id or reason.
   */
  banUser(input: BanUserInput): Promise<PublicUser | null>;
  /** Lifts a ban. Returns the user, or `null`. Throws `InputError` for a malformed id. */
  unbanUser(input: UserActionInput): Promise<PublicUser | null>;
  /**
   * Marks a user deleted (sign-in then answers as for an unknown account) and ends all
   * their sessions. Returns the user, or `null`. Throws `InputError` for a malformed id.
   */
  softDeleteUser(input: UserActionInput): Promise<PublicUser | null>;
  /**
   * Deletes a user with every session and token (no data-subject hooks: `eraseAccount`
   * runs them). `{ ok: true, deleted }` tells whether the user existed; refused with
   * `owns_organization`, deleting nothing, while the user owns an organization (checked by
   * storage in the same step). Throws `InputError` for a malformed id.
   */
  deleteUserPermanently(input: UserActionInput): Promise<DeleteUserResult>;
  /**
   * Deletes what can never be presented again: expired and idled-out sessions, refresh
   * tokens of families past their absolute lifetime, expired verification tokens, audit
   * events past `auditLog.retention`, and (given `rateLimitStore`) full rate-limit buckets. Returns the counts and emits
   * `storage.pruned`. Run it on a schedule; safe to run concurrently.
   */
  prune(input?: PruneInput): Promise<PruneResult>;
  /**
   * One page of the durable audit log, newest first, filtered by user, event types and
   * time range. Throws `InputError` for a malformed id, type, date, limit or cursor.
   */
  listAuditEvents(input?: ListAuditEventsInput): Promise<AuditLogPage>;
  /**
   * Whether the configuration offers a flow (`flows`; every flow is on by default). Throws
   * `InputError` for an unknown flow name.
   */
  isFlowEnabled(input: FlowEnabledInput): boolean;
  /**
   * RFC 7662 introspection of an access token or API key for a resource server with
   * client credentials. Returns the introspection response, or `invalid_client`. Throws
   * `InputError` for a non-string credential or token.
   */
  introspectToken(input: IntrospectTokenInput): Promise<IntrospectTokenResult>;
  /**
   * Mails the signed-in user a single-use confirmation for deleting their account (24 h).
   * Where the user has a second factor, the session must be aal2 and recent, else
   * `reauthentication_required`. Throws `InputError` for malformed ids.
   */
  requestAccountDeletion(input: RequestAccountDeletionInput): Promise<RequestAccountDeletionResult>;
  /**
   * Redeems a deletion confirmation (or a retry token): bars the account, ends every
   * session, runs every data-subject hook and reports per module; `invalid` or `expired`
   * for a refused token. Throws `InputError` only for a non-string token.
   */
  confirmAccountDeletion(input: ConfirmAccountDeletionInput): Promise<ConfirmAccountDeletionResult>;
  /**
   * Every data-subject hook's data about the user in one JSON document, with no secret,
   * hash or token. Throws `InputError` for a malformed id.
   */
  exportAccount(input: ExportAccountInput): Promise<AccountExport>;
  /**
   * Erases a user without confirmation (operators; retrying named modules): bars the
   * account, ends every session, runs the hooks and reports per module. Idempotent.
   * `owns_organization`, with nothing done, while the user owns an organization.
   * Throws `InputError` for a malformed id.
   */
  eraseAccount(input: EraseAccountInput): Promise<EraseAccountResult>;
  /** The clock every method reads (the HTTP layer dates cookies with it). */
  readonly clock: Clock;
  /** Calls that skip the user flows' checks; see {@link AuthInternal}. */
  readonly internal: AuthInternal;
}
