import type { Migration } from './types.ts';

/**
 * The durable audit log. No foreign key to users: a user's trail outlives the user, in
 * pseudonymised form. `id` is an identity column, so events with one timestamp keep the
 * order they were stored in; the indexes serve the three queries (by time, by user, by
 * type) in newest-first order, pseudonymisation by actor, and retention.
 */
export const auditLog: Migration = {
  version: 4,
  name: 'audit-log',
  statements: (s) => [
    `CREATE TABLE ${s}.audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      type text NOT NULL,
      at timestamptz NOT NULL,
      user_id text COLLATE "C",
      actor_id text COLLATE "C",
      session_id text COLLATE "C",
      ip text,
      user_agent text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
    )`,
    `CREATE INDEX audit_log_by_time ON ${s}.audit_log (at DESC, id DESC)`,
    `CREATE INDEX audit_log_by_user ON ${s}.audit_log (user_id, at DESC, id DESC)`,
    `CREATE INDEX audit_log_by_type ON ${s}.audit_log (type, at DESC, id DESC)`,
    `CREATE INDEX audit_log_by_actor ON ${s}.audit_log (actor_id) WHERE actor_id IS NOT NULL`,
  ],
};
