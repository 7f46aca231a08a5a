/** Why core's purge refused to delete the account: it still owns an organization. */
export type ErasureRefusalReason = 'owns_organization';

/**
 * Thrown by core's data-subject hook when it refuses, having deleted nothing of its own;
 * `runPurge` reports it as the module's `refused` status with this reason.
 */
export class ErasureRefusal extends Error {
  readonly reason: ErasureRefusalReason;

  constructor(reason: ErasureRefusalReason) {
    super(`erasure refused: ${reason}`);
    this.name = 'ErasureRefusal';
    this.reason = reason;
  }
}
