/**
 * Helpers for adapter authors (`@portcullis/core/adapter`): pieces every datastore
 * implementation needs in the same form, so cursors issued by one adapter mean the same
 * thing in all of them.
 */

// The digest and encoding every adapter would otherwise write again (stored-hash shapes,
// checksums, script ids): the same functions core hashes tokens with.
export { hasLoneSurrogate, hex, sha256Hex, utf8 } from '../primitives/index.ts';
export { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.ts';
export type { ListPosition } from './cursor.ts';
export { decodeCursor, encodeCursor } from './cursor.ts';
