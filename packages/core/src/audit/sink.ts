import type { AuditEventSink, AuditLogRepo } from '../repos.ts';
import { toAuditEntry } from './entry.ts';

/**
 * The audit log as an event sink: each event becomes exactly one `append` (one insert),
 * nothing is read. Pass it in `createAuth({ auditSinks })`; like every sink it runs inside
 * `safeEmitter`, so a failing or unreachable log is reported to `onAuditFailure` and never
 * fails the flow that emitted the event.
 */
export function auditLogSink(log: Pick<AuditLogRepo, 'append'>): AuditEventSink {
  return { record: (event) => log.append(toAuditEntry(event)) };
}
