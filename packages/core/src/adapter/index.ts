/**
 * Helpers for adapter authors (`@portcullis/core/adapter`): pieces every datastore
 * implementation needs in the same form, so cursors issued by one adapter mean the same
 * thing in all of them.
 */
export type { ListPosition } from './cursor.ts';
export { decodeCursor, encodeCursor } from './cursor.ts';
