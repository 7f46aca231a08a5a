import type { Migration } from './types.ts';

/**
 * The audit log lists by insertion order (`id`), not by event time: a flow may stamp two
 * events a millisecond apart out of order, and the trail must read as it was recorded. The
 * per-user and per-type indexes follow; the time index stays for ranges and retention.
 */
export const auditLogOrder: Migration = {
  version: 13,
  name: 'audit-log-order',
  statements: (s) => [
    `DROP INDEX ${s}.audit_log_by_user`,
    `DROP INDEX ${s}.audit_log_by_type`,
    `CREATE INDEX audit_log_by_user ON ${s}.audit_log (user_id, id DESC)`,
    `CREATE INDEX audit_log_by_type ON ${s}.audit_log (type, id DESC)`,
  ],
};
