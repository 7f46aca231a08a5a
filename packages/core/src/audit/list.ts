import * as v from 'valibot';
import type { DepsFor } from '../deps.ts';
import type { AuthEventType } from '../events/index.ts';
import type { AuditLogPage } from '../repos.ts';
import { parseIdentifier, parseInput } from '../validation.ts';

export type AuditLogQueryDeps = DepsFor<never, 'auditLog'>;

// valibot's date() refuses an Invalid Date.
const date = v.date();

const listAuditSchema = v.object({
  userId: v.optional(v.string()),
  types: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z_]{1,32}\.[a-z_]{1,32}$/))), v.maxLength(32)),
  ),
  from: v.optional(date),
  to: v.optional(date),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 50),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/))),
});

/** Which audit events to read: every filter optional, combined with AND. */
export interface ListAuditEventsInput {
  /** Only events about this user (an erased user's pseudonym works too). */
  readonly userId?: string;
  /** Only events of these types. */
  readonly types?: readonly AuthEventType[];
  /** At or after this instant. */
  readonly from?: Date;
  /** Strictly before this instant. */
  readonly to?: Date;
  /** 1–100, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page, with the same filters. */
  readonly cursor?: string;
}

/**
 * One page of the audit log, newest first, by user, by type and by time range. Throws
 * `InputError` for a malformed id, type, date, limit or cursor.
 */
export async function listAuditEvents(
  deps: AuditLogQueryDeps,
  input: ListAuditEventsInput = {},
): Promise<AuditLogPage> {
  const query = parseInput(listAuditSchema, input);
  return deps.repos.auditLog.list({
    limit: query.limit,
    // An erased user's pseudonym (`erased:…`) is an identifier too.
    ...(query.userId === undefined ? {} : { userId: parseIdentifier('userId', query.userId) }),
    ...(query.types === undefined ? {} : { types: query.types as AuthEventType[] }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
}
