import { bindApiKeyMethods } from './api-keys/index.ts';
import { listAuditEvents } from './audit/index.ts';
import type { Auth } from './auth-interface.ts';
import type { AuthConfigInput } from './config.ts';
import { createAuthConfig } from './config.ts';
import {
  changePassword,
  requestEmailVerification,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from './credentials/index.ts';
import type { AuthDeps } from './deps.ts';
import { ConfigError } from './errors.ts';
import type { SinkFailureHandler } from './events/index.ts';
import { DEFAULT_SINK_TIMEOUT_MS, safeEmitter } from './events/index.ts';
import { isFlowEnabled } from './flows/index.ts';
import { introspectToken } from './introspection/index.ts';
import type { DataSubjectHook } from './lifecycle/index.ts';
import {
  confirmAccountDeletion,
  eraseAccount,
  exportAccount,
  requestAccountDeletion,
  validateHooks,
} from './lifecycle/index.ts';
import type { AuthMailer } from './mail/index.ts';
import { prune } from './maintenance/index.ts';
import type { SecondFactorGate } from './mfa/index.ts';
import {
  beginPasskeyMfaSignIn,
  beginPasskeyStepUp,
  completeMfaSignIn,
  confirmTotp,
  disableMfa,
  enrolTotp,
  getMfaStatus,
  regenerateBackupCodes,
  repositorySecondFactorGate,
  stepUpSession,
} from './mfa/index.ts';
import type { OAuthOptions } from './oauth/index.ts';
import {
  completeLinking,
  createOAuthRuntime,
  getProviderTokens,
  handleCallback,
  listLinkedAccounts,
  listOAuthProviders,
  startAuthorization,
  startLinking,
  unlinkAccount,
} from './oauth/index.ts';
import { bindOrganizationMethods } from './orgs/index.ts';
import { bindPasskeyMethods } from './passkeys/index.ts';
import type { PasswordHasher, PasswordScreen } from './password/index.ts';
import { createPasswordHasher, createPasswordScreen } from './password/index.ts';
import {
  consumeMagicLink,
  requestMagicLink,
  requestSignInCode,
  signInWithCode,
} from './passwordless/index.ts';
import type { Clock, RandomSource } from './primitives/index.ts';
import { cryptoRandom, systemClock } from './primitives/index.ts';
import { provisionOrganization, provisionUser } from './provisioning/index.ts';
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh/index.ts';
import type { AuditEventSink, Repositories } from './repos.ts';
import {
  authenticate,
  createSession,
  listSessions,
  revokeAllSessions,
  revokeSession,
  revokeSessionByToken,
  validateSession,
} from './sessions/index.ts';
import { issueAccessToken, publicJwks, verifyAccessToken } from './tokens/index.ts';
import {
  banUser,
  deleteUserPermanently,
  getUser,
  inspectUser,
  listUsers,
  searchUsers,
  setUserMetadata,
  softDeleteUser,
  unbanUser,
} from './users/index.ts';

export interface CreateAuthOptions {
  readonly config: AuthConfigInput;
  readonly repos: Repositories;
  readonly mailer: AuthMailer;
  /** Default: argon2id with `config.password` parameters on the runtime's engine (`createPasswordHasher`). */
  readonly hasher?: PasswordHasher;
  /**
   * Screens new passwords at sign-up, reset and change. Default `createPasswordScreen()`:
   * common passwords refused, no breach corpus asked.
   */
  readonly passwordScreen?: PasswordScreen;
  /** Where audit events go. A failing sink never breaks a flow; see `onAuditFailure`. */
  readonly auditSinks?: readonly AuditEventSink[];
  readonly onAuditFailure?: SinkFailureHandler;
  /**
   * How long a flow waits for each audit sink, in milliseconds (default 2000). A sink still
   * busy after that is reported to `onAuditFailure` as a `SinkTimeoutError`, and the flow
   * answers without it.
   */
  readonly auditSinkTimeoutMs?: number;
  /**
   * Who owes a second factor at sign-in. Default: users with a confirmed TOTP factor in
   * `repos.mfa`, who may also answer with a passkey (`repositorySecondFactorGate`).
   */
  readonly secondFactor?: SecondFactorGate;
  /** Sign-in with OAuth 2.0 / OpenID Connect providers. Default none. */
  readonly oauth?: OAuthOptions;
  /**
   * Every app module that stores personal data registers its hook here, so account
   * deletion purges it and account export includes it (docs/gdpr.md). Core's own hook is
   * always added. Names are checked at creation (`ConfigError`).
   */
  readonly dataSubjectHooks?: readonly DataSubjectHook[];
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/**
 * The dependencies `createAuth` binds, for calling the standalone functions directly
 * (`signIn(deps, input)`). Validates `options.config` (throws `ConfigError`).
 */
export function createAuthDeps(options: CreateAuthOptions): AuthDeps {
  const config = createAuthConfig(options.config);
  const random = options.random ?? cryptoRandom;
  const clock = options.clock ?? systemClock;
  return {
    config,
    repos: options.repos,
    mailer: options.mailer,
    hasher: options.hasher ?? createPasswordHasher(config, random),
    passwordScreen: options.passwordScreen ?? createPasswordScreen(),
    events: safeEmitter(
      options.auditSinks ?? [],
      options.onAuditFailure,
      auditSinkTimeout(options.auditSinkTimeoutMs),
    ),
    clock,
    random,
    secondFactor: options.secondFactor ?? repositorySecondFactorGate(options.repos, config),
    oauth: options.oauth ? createOAuthRuntime(options.oauth, clock) : null,
    dataSubjectHooks: validateHooks(options.dataSubjectHooks ?? []),
  };
}

/**
 * Binds every core function to one set of dependencies (see {@link Auth}). Throws
 * `ConfigError` for an invalid `options.config`. The configuration, which holds the
 * secret, is not reachable from the returned object.
 */
/** The sink timeout from the options: a positive whole number of milliseconds. */
function auditSinkTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_SINK_TIMEOUT_MS;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ConfigError('auditSinkTimeoutMs must be a positive whole number of milliseconds');
  return value;
}

export function createAuth(options: CreateAuthOptions): Auth {
  return bindAuth(createAuthDeps(options));
}

/** {@link createAuth} over dependencies already built with {@link createAuthDeps}. */
export function bindAuth(deps: AuthDeps): Auth {
  const bind =
    <Input, Output>(operation: (deps: AuthDeps, input: Input) => Output) =>
    (input: Input): Output =>
      operation(deps, input);

  return {
    signUp: (input, server) => signUp(deps, input, server),
    signIn: bind(signIn),
    verifyEmail: bind(verifyEmail),
    requestEmailVerification: bind(requestEmailVerification),
    requestPasswordReset: bind(requestPasswordReset),
    resetPassword: bind(resetPassword),
    requestMagicLink: bind(requestMagicLink),
    consumeMagicLink: bind(consumeMagicLink),
    requestSignInCode: bind(requestSignInCode),
    signInWithCode: bind(signInWithCode),
    changePassword: bind(changePassword),
    completeMfaSignIn: bind(completeMfaSignIn),
    beginPasskeyMfaSignIn: bind(beginPasskeyMfaSignIn),
    beginPasskeyStepUp: bind(beginPasskeyStepUp),
    enrolTotp: bind(enrolTotp),
    confirmTotp: bind(confirmTotp),
    disableMfa: bind(disableMfa),
    regenerateBackupCodes: bind(regenerateBackupCodes),
    getMfaStatus: bind(getMfaStatus),
    stepUpSession: bind(stepUpSession),
    prune: (input) => prune(deps, input),
    listAuditEvents: (input) => listAuditEvents(deps, input),
    requestAccountDeletion: bind(requestAccountDeletion),
    confirmAccountDeletion: bind(confirmAccountDeletion),
    exportAccount: bind(exportAccount),
    eraseAccount: bind(eraseAccount),
    validateSession: bind(validateSession),
    listSessions: bind(listSessions),
    revokeSession: bind(revokeSession),
    revokeSessionByToken: bind(revokeSessionByToken),
    revokeAllSessions: bind(revokeAllSessions),
    verifyAccessToken: bind(verifyAccessToken),
    authenticate: bind(authenticate),
    publicJwks: () => publicJwks(deps.config),
    rotateRefreshToken: bind(rotateRefreshToken),
    revokeRefreshToken: bind(revokeRefreshToken),
    getUser: bind(getUser),
    listUsers: (input) => listUsers(deps, input),
    searchUsers: bind(searchUsers),
    inspectUser: bind(inspectUser),
    setUserMetadata: bind(setUserMetadata),
    banUser: bind(banUser),
    unbanUser: bind(unbanUser),
    softDeleteUser: bind(softDeleteUser),
    deleteUserPermanently: bind(deleteUserPermanently),
    startAuthorization: bind(startAuthorization),
    handleCallback: bind(handleCallback),
    startLinking: bind(startLinking),
    completeLinking: bind(completeLinking),
    listLinkedAccounts: bind(listLinkedAccounts),
    unlinkAccount: bind(unlinkAccount),
    getProviderTokens: bind(getProviderTokens),
    listOAuthProviders: () => listOAuthProviders(deps),
    isFlowEnabled: bind(isFlowEnabled),
    introspectToken: bind(introspectToken),
    ...bindApiKeyMethods(deps),
    ...bindOrganizationMethods(deps),
    ...bindPasskeyMethods(deps),
    clock: deps.clock,
    internal: {
      createSession: bind(createSession),
      issueAccessToken: bind(issueAccessToken),
      issueRefreshToken: bind(issueRefreshToken),
      provisionUser: bind(provisionUser),
      provisionOrganization: bind(provisionOrganization),
    },
  };
}
