export { toAuditEntry } from './entry.ts';
export type { AuditLogQueryDeps, ListAuditEventsInput } from './list.ts';
export { listAuditEvents } from './list.ts';
export { auditPseudonym } from './pseudonym.ts';
export { auditLogSink } from './sink.ts';
