/**
 * The `UserRepo.list` cursor, shared by every adapter: the position (createdAt, id) of the last user on a page,
 * encoded as opaque base64url so callers treat it as a token, not something to build.
 */
import { InputError } from '../errors.ts';
import { base64url, utf8 } from '../primitives/index.ts';

/** Where a page ended: listing resumes strictly after this (createdAt, id). */
export interface ListPosition {
  readonly createdAtMs: number;
  readonly id: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes a position as base64url (RFC 4648 §5, no padding). */
export function encodeCursor(position: ListPosition): string {
  return base64url(utf8(`${position.createdAtMs}:${position.id}`));
}

/**
 * Decodes a cursor. It arrives from a client (an admin page's query string), so anything
 * that is not a cursor this adapter issued is rejected with `InputError`, never guessed at.
 */
export function decodeCursor(cursor: string): ListPosition {
  const invalid = () => new InputError([{ field: 'cursor', problem: 'invalid_format' }]);
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let text: string;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    text = decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    throw invalid();
  }
  const match = /^(0|-?[1-9][0-9]*):(.+)$/s.exec(text);
  const createdAtMs = Number(match?.[1]);
  const id = match?.[2];
  // No Date exists beyond ±8.64e15 ms (ECMA-262 TimeClip), so no row was created there.
  if (id === undefined || !Number.isSafeInteger(createdAtMs) || Math.abs(createdAtMs) > 8.64e15)
    throw invalid();
  return { createdAtMs, id };
}
