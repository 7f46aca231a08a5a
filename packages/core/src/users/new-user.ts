import type { DepsFor } from '../deps.ts';
import { randomId } from '../primitives/index.ts';
import type { UserMetadata, UserRecord } from '../repos.ts';

/** What differs between the ways an account comes to exist. */
export interface NewUserFields {
  readonly email: string;
  readonly emailKey: string;
  readonly emailVerifiedAt: Date | null;
  readonly passwordHash: string | null;
  readonly metadata?: UserMetadata;
}

/**
 * A fresh account record, not stored yet: a new random id, created `now` (default: the
 * clock's), neither banned nor deleted, no metadata unless given.
 */
export function newUserRecord(
  deps: DepsFor<'clock' | 'random'>,
  fields: NewUserFields,
  now: Date = deps.clock.now(),
): UserRecord {
  return {
    id: randomId(deps.random),
    ...fields,
    bannedAt: null,
    banReason: null,
    deletedAt: null,
    metadata: fields.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
}
