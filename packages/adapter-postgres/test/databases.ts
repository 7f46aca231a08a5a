import type { Repositories } from '@portcullis/core';
import pg from 'pg';
import { createPostgresRepositories, migrate } from '../src/index.ts';

/**
 * Test databases. The real server comes from DATABASE_URL (CI exports it); without it
 * the local server of this machine kind is assumed. An unreachable server fails the
 * suite with a message saying so — it is never skipped.
 */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestDatabase {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly repos: Repositories;
  close(): Promise<void>;
}

export function uniqueSchema(): string {
  return `pc_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** A pool on the real server and a fresh, migrated schema that `close` drops. */
export async function openServerDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: options.max ?? 10 });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new Error(
      `PostgreSQL is not reachable at ${databaseUrl()} (set DATABASE_URL): ${String(error)}`,
    );
  }
  const schema = uniqueSchema();
  await migrate(pool, { schema });
  return {
    pool,
    schema,
    repos: createPostgresRepositories(pool, { schema }),
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
