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
import type { SinkFailureHandler } from './events/index.ts';
import { safeEmitter } from './events/index.ts';
import type { AuthMailer } from './mail/index.ts';
import type { SecondFactorGate } from './mfa/index.ts';
import type { PasswordHasher } from './password/index.ts';
import { createPasswordHasher } from './password/index.ts';
import type { Clock, RandomSource } from './primitives/index.ts';
import { cryptoRandom, systemClock } from './primitives/index.ts';
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
  listUsers,
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
  /** Where audit events go. A failing sink never breaks a flow; see `onAuditFailure`. */
  readonly auditSinks?: readonly AuditEventSink[];
  readonly onAuditFailure?: SinkFailureHandler;
  readonly secondFactor?: SecondFactorGate;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/**
 * Binds every core function to one set of dependencies, for apps that want a single
 * object. Each method is exactly the standalone function of the same name with `deps`
 * filled in; `deps` is exposed for calling the standalone functions directly.
 */
export function createAuth(options: CreateAuthOptions) {
  const config = createAuthConfig(options.config);
  const random = options.random ?? cryptoRandom;
  const deps: AuthDeps = {
    config,
    repos: options.repos,
    mailer: options.mailer,
    hasher: options.hasher ?? createPasswordHasher(config, random),
    events: safeEmitter(options.auditSinks ?? [], options.onAuditFailure),
    clock: options.clock ?? systemClock,
    random,
    secondFactor: options.secondFactor ?? null,
  };
  const bind =
    <Input, Output>(operation: (deps: AuthDeps, input: Input) => Output) =>
    (input: Input): Output =>
      operation(deps, input);

  return {
    deps,
    config,
    signUp: bind(signUp),
    signIn: bind(signIn),
    verifyEmail: bind(verifyEmail),
    requestEmailVerification: bind(requestEmailVerification),
    requestPasswordReset: bind(requestPasswordReset),
    resetPassword: bind(resetPassword),
    changePassword: bind(changePassword),
    createSession: bind(createSession),
    validateSession: bind(validateSession),
    listSessions: bind(listSessions),
    revokeSession: bind(revokeSession),
    revokeSessionByToken: bind(revokeSessionByToken),
    revokeAllSessions: bind(revokeAllSessions),
    issueAccessToken: bind(issueAccessToken),
    verifyAccessToken: bind(verifyAccessToken),
    authenticate: bind(authenticate),
    publicJwks: () => publicJwks(config),
    issueRefreshToken: bind(issueRefreshToken),
    rotateRefreshToken: bind(rotateRefreshToken),
    revokeRefreshToken: bind(revokeRefreshToken),
    getUser: bind(getUser),
    listUsers: bind(listUsers),
    setUserMetadata: bind(setUserMetadata),
    banUser: bind(banUser),
    unbanUser: bind(unbanUser),
    softDeleteUser: bind(softDeleteUser),
    deleteUserPermanently: bind(deleteUserPermanently),
  };
}

/** The object `createAuth` returns. */
export type Auth = ReturnType<typeof createAuth>;
