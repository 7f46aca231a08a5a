export type {
  AuthenticateDeps,
  AuthenticateInput,
  Authentication,
  AuthenticationFailureReason,
} from './authenticate.ts';
export { authenticate } from './authenticate.ts';
export type { CreatedSession, CreateSessionDeps, CreateSessionInput } from './create.ts';
export { createSession } from './create.ts';
export type { SessionInfo } from './info.ts';
export { toSessionInfo } from './info.ts';
export type { SessionExpiry } from './lifetime.ts';
export { sessionExpiry } from './lifetime.ts';
export type {
  ListSessionsDeps,
  ListSessionsInput,
  RevokeAllSessionsInput,
  RevokeSessionByTokenInput,
  RevokeSessionDeps,
  RevokeSessionInput,
} from './manage.ts';
export { listSessions, revokeAllSessions, revokeSession, revokeSessionByToken } from './manage.ts';
export type { RecentSignInDeps } from './recent.ts';
export { recentSessionOf } from './recent.ts';
export type {
  SessionFailureReason,
  SessionValidation,
  ValidateSessionDeps,
  ValidateSessionInput,
} from './validate.ts';
export { recordSessionUse, validateSession } from './validate.ts';
