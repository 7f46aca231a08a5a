import type { Repositories } from '@portcullis/core';
import { DEFAULT_SCHEMA } from '../src/index.ts';
import { openEmbeddedDatabase } from '../src/pglite.ts';
import { openServerDatabase } from './databases.ts';

/** One database under test, with plain SQL beside the repositories for checking rows. */
export interface SqlSubject {
  readonly repos: Repositories;
  /** The quoted schema the repositories use, ready to prefix a table name. */
  readonly schema: string;
  rows(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * How long opening a subject may take: PGlite's WASM start alone took ~17 s on a loaded
 * 2-core machine, past vitest's 10 s hook default.
 */
export const OPEN_TIMEOUT_MS = 60_000;

/** The real server and PGlite, so one test body runs against both. */
export const subjects: readonly { name: string; open: () => Promise<SqlSubject> }[] = [
  {
    name: 'postgres server',
    async open() {
      const database = await openServerDatabase();
      return {
        repos: database.repos,
        schema: `"${database.schema}"`,
        rows: async (text, values) => (await database.pool.query(text, values)).rows,
        close: () => database.close(),
      };
    },
  },
  {
    name: 'pglite',
    async open() {
      const database = await openEmbeddedDatabase();
      return {
        repos: database.repos,
        schema: `"${DEFAULT_SCHEMA}"`,
        rows: async (text, values) =>
          (await database.db.query<Record<string, unknown>>(text, values)).rows,
        close: () => database.close(),
      };
    },
  },
];
