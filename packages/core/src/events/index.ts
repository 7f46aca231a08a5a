export { cleanContext } from './context.ts';
export type { EventDraft, EventEmitter, SinkFailureHandler } from './emitter.ts';
export {
  auditEvent,
  DEFAULT_SINK_TIMEOUT_MS,
  SinkTimeoutError,
  safeEmitter,
} from './emitter.ts';
export type { OAuthAuditReason, OAuthEvent } from './oauth.ts';
export type { PasskeyAuditReason, PasskeyEvent } from './passkeys.ts';
export type {
  AuthEvent,
  AuthEventOf,
  AuthEventType,
  MagicLinkAuditReason,
  MfaAuditFailure,
  MfaPurpose,
  RequestContext,
  SignInAuditReason,
  SignInCodeAuditReason,
  VerifyEmailAuditReason,
} from './types.ts';
