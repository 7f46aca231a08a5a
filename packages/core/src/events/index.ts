export { cleanContext } from './context.ts';
export type { EventDraft, EventEmitter, SinkFailureHandler } from './emitter.ts';
export { auditEvent, safeEmitter } from './emitter.ts';
export type {
  AuthEvent,
  AuthEventOf,
  AuthEventType,
  RequestContext,
  SignInAuditReason,
  VerifyEmailAuditReason,
} from './types.ts';
