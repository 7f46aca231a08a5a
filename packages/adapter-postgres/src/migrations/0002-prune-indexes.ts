import type { Migration } from './types.ts';

/**
 * Indexes for pruning (`deleteExpired`): each prune statement finds its rows by expiry
 * through an index instead of scanning the table.
 */
export const pruneIndexes: Migration = {
  version: 2,
  name: 'prune-indexes',
  statements: (s) => [
    `CREATE INDEX sessions_by_expiry ON ${s}.sessions (expires_at)`,
    `CREATE INDEX sessions_by_last_use ON ${s}.sessions (last_used_at)`,
    `CREATE INDEX refresh_tokens_by_family_expiry ON ${s}.refresh_tokens (family_expires_at)`,
    `CREATE INDEX verification_tokens_by_expiry ON ${s}.verification_tokens (expires_at)`,
  ],
};
