/**
 * The `AuditLogRepo.list` cursor, shared by every adapter: the id of the last event on a
 * page. Audit ids are the store's insertion numbers and pages run from the newest stored,
 * so the next page resumes strictly below that id. Opaque base64url, so callers treat it
 * as a token; the id must fit a Postgres `bigint`.
 */
import { InputError } from '../errors.ts';
import { base64url, utf8 } from '../primitives/index.ts';
import type { AuditLogRecord } from '../repos.ts';

const MAX_BIGINT = 2n ** 63n - 1n;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The cursor after `last`, the last event of a page. */
export function encodeAuditCursor(last: Pick<AuditLogRecord, 'id'>): string {
  return base64url(utf8(`audit:${last.id}`));
}

/**
 * The id a cursor resumes below. It arrives from a client, so anything an adapter did not
 * issue is refused with `InputError`, never guessed at.
 */
export function decodeAuditCursor(cursor: string): bigint {
  const invalid = () => new InputError([{ field: 'cursor', problem: 'invalid_format' }]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw invalid();
  let text: string;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    text = decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    throw invalid();
  }
  const digits = /^audit:([1-9][0-9]{0,18})$/.exec(text)?.[1];
  const id = digits === undefined ? null : BigInt(digits);
  if (id === null || id > MAX_BIGINT) throw invalid();
  return id;
}
