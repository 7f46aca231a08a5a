/**
 * `@portcullis/adapter-postgres/pglite`: the embedded default. PGlite is PostgreSQL
 * compiled to WebAssembly, running in-process: the same migrations and statements as on a
 * server, with no server to install. In memory by default, or persisted to `dataDir`.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Repositories } from '@portcullis/core';
import { createPostgresRepositories } from './index.ts';
import { migrate } from './migrate.ts';

export interface EmbeddedDatabaseOptions {
  /** A directory to keep the data in across restarts. Default: memory only. */
  readonly dataDir?: string;
  /** Default `portcullis`. */
  readonly schema?: string;
}

export interface EmbeddedDatabase {
  readonly db: PGlite;
  readonly repos: Repositories;
  close(): Promise<void>;
}

/** Opens PGlite, applies the shipped migrations and returns repositories over it. */
export async function openEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const db =
    options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
  try {
    await migrate(db, options.schema === undefined ? {} : { schema: options.schema });
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    repos: createPostgresRepositories(
      db,
      options.schema === undefined ? {} : { schema: options.schema },
    ),
    close: () => db.close(),
  };
}
