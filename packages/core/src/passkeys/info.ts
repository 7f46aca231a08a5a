import type { PasskeyCredentialRecord } from '../repos-passkeys.ts';

/** What a user sees of one of their passkeys. */
export interface PasskeyInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly transports: readonly string[];
  /** Whether it is synced (backed up) to the user's other devices. */
  readonly backedUp: boolean;
}

/** The public view of a stored credential (no key, no counter). */
export function toPasskeyInfo(record: PasskeyCredentialRecord): PasskeyInfo {
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    transports: [...record.transports],
    backedUp: record.backedUp,
  };
}
