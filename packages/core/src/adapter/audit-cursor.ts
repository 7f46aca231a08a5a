/**
 * The `AuditLogRepo.list` cursor, shared by every adapter: the position (at, id) of the last
 * event on a page. Audit ids are the store's insertion numbers, so the id half must be a
 * decimal number that fits a Postgres `bigint`.
 */
import { InputError } from '../errors.ts';
import type { AuditLogRecord } from '../repos.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** Where a page of audit events ended: the next page resumes strictly before this. */
export interface AuditPosition {
  readonly atMs: number;
  readonly id: bigint;
}

const MAX_BIGINT = 2n ** 63n - 1n;

/** The cursor after `last`, the last event of a page. */
export function encodeAuditCursor(last: Pick<AuditLogRecord, 'at' | 'id'>): string {
  return encodeCursor({ createdAtMs: last.at.getTime(), id: last.id });
}

/** Decodes an audit cursor; anything this suite of adapters did not issue is an `InputError`. */
export function decodeAuditCursor(cursor: string): AuditPosition {
  const position = decodeCursor(cursor);
  const id = /^[1-9][0-9]{0,18}$/.test(position.id) ? BigInt(position.id) : null;
  if (id === null || id > MAX_BIGINT) {
    throw new InputError([{ field: 'cursor', problem: 'invalid_format' }]);
  }
  return { atMs: position.createdAtMs, id };
}
