/**
 * Picks where the example apps keep users and sessions:
 * - `DATABASE_URL` set: that PostgreSQL server through a `pg` Pool, with the tables in
 *   the schema `DATABASE_SCHEMA` (default `portcullis`);
 * - otherwise the embedded default, PGlite — in memory, or persisted under
 *   `PGLITE_DATA_DIR` when that is set. No server needed.
 * Either way the shipped migrations run first.
 */
import { createPostgresRepositories, migrate } from '@portcullis/adapter-postgres';
import { openEmbeddedDatabase } from '@portcullis/adapter-postgres/pglite';
import type { Repositories } from '@portcullis/core';
import pg from 'pg';
import type { ExampleEnv } from './settings.ts';
import { databaseStartupError } from './startup.ts';

export interface ExampleStore {
  readonly repos: Repositories;
  /** What backs the repositories, for the startup log (never includes credentials). */
  readonly kind: string;
  close(): Promise<void>;
}

async function openServer(url: string, schema: string | undefined): Promise<ExampleStore> {
  // Without a connect timeout an unreachable host would hang start-up indefinitely.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // A server-side disconnect of an idle client is reported here; without a listener it
  // would end the process. The pool replaces the client on the next query.
  pool.on('error', (error) => console.error(`[store] idle PostgreSQL client: ${error.message}`));
  try {
    await migrate(pool, schema === undefined ? {} : { schema });
  } catch (error) {
    await pool.end();
    throw databaseStartupError(error, url);
  }
  const where = new URL(url);
  return {
    repos: createPostgresRepositories(pool, schema === undefined ? {} : { schema }),
    kind: `postgres (${where.host}${where.pathname}${schema === undefined ? '' : `, schema ${schema}`})`,
    close: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string | undefined): Promise<ExampleStore> {
  const database = await openEmbeddedDatabase(dataDir === undefined ? {} : { dataDir });
  return {
    repos: database.repos,
    kind: dataDir === undefined ? 'pglite (in memory)' : `pglite (${dataDir})`,
    close: () => database.close(),
  };
}

/** `databaseUrl` is `ExampleSettings.databaseUrl`: validated, or `null` for PGlite. */
export async function createStore(
  databaseUrl: string | null,
  env: ExampleEnv,
): Promise<ExampleStore> {
  if (databaseUrl !== null)
    return openServer(databaseUrl, env.DATABASE_SCHEMA?.trim() || undefined);
  const dataDir = env.PGLITE_DATA_DIR?.trim();
  return openEmbedded(dataDir === '' ? undefined : dataDir);
}
