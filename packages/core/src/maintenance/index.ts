/** Housekeeping a production deployment runs on a schedule. */
export type { PruneDeps, PruneInput, PruneResult } from './prune.ts';
export { prune } from './prune.ts';
