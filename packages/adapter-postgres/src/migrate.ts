import { ConfigError, StorageError } from '@portcullis/core';
import { sha256Hex } from '@portcullis/core/adapter';
import type { SqlClient } from './client.ts';
import { runQuery } from './client.ts';
import type { Migration } from './migrations/index.ts';
import { migrations as shippedMigrations } from './migrations/index.ts';
import { DEFAULT_SCHEMA, type Tables, tablesIn } from './schema.ts';

/**
 * Something migrations can run on: any `SqlClient`. When it is a pool (a `pg` Pool: it
 * has `connect()` and a `totalCount`), migrate checks out one connection and holds it,
 * because the advisory lock and each migration's transaction belong to a connection. A
 * single-connection handle (a connected `pg` Client, PGlite) is used as it is; run migrate
 * on it before serving traffic.
 */
export type MigrationTarget = SqlClient;

interface Pool extends SqlClient {
  connect(): Promise<SqlClient & { release(destroy?: boolean | Error): void }>;
  readonly totalCount: number;
}

/** A `pg` Client also has `connect()`, but it opens the client's own connection. */
function isPool(target: SqlClient): target is Pool {
  return 'connect' in target && typeof target.connect === 'function' && 'totalCount' in target;
}

export interface MigrateOptions {
  /** Default `portcullis`. Created if missing. */
  readonly schema?: string;
  /** For tests of the migrator itself; production code uses the shipped list. */
  readonly migrations?: readonly Migration[];
}

export interface MigrateResult {
  /** Versions applied by this call, oldest first (empty when already up to date). */
  readonly applied: readonly number[];
  /** The schema version after the call. */
  readonly version: number;
}

function checksum(migration: Migration, tables: Tables): Promise<string> {
  return sha256Hex(migration.statements(tables.schema).join('\n;\n'));
}

async function appliedVersions(db: SqlClient, tables: Tables): Promise<Map<number, string>> {
  await runQuery(db, `CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
  await runQuery(
    db,
    `CREATE TABLE IF NOT EXISTS ${tables.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`,
  );
  const rows = await runQuery(db, `SELECT version, checksum FROM ${tables.migrations}`);
  return new Map(rows.map((row) => [Number(row.version), String(row.checksum)]));
}

async function applyOne(db: SqlClient, tables: Tables, migration: Migration, sum: string) {
  await runQuery(db, 'BEGIN');
  try {
    for (const statement of migration.statements(tables.schema)) await runQuery(db, statement);
    await runQuery(
      db,
      `INSERT INTO ${tables.migrations} (version, name, checksum) VALUES ($1, $2, $3)`,
      [migration.version, migration.name, sum],
    );
    await runQuery(db, 'COMMIT');
  } catch (error) {
    await runQuery(db, 'ROLLBACK').catch(() => undefined);
    throw new StorageError(`Migration ${migration.version} (${migration.name}) failed`, {
      cause: error,
    });
  }
}

async function migrateOn(
  db: SqlClient,
  tables: Tables,
  list: readonly Migration[],
): Promise<MigrateResult> {
  const applied = await appliedVersions(db, tables);
  const shipped = new Set(list.map((migration) => migration.version));
  const unknown = [...applied.keys()].filter((version) => !shipped.has(version));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Schema ${tables.schema} has migration ${Math.max(...unknown)}, newer than this package knows; upgrade @portcullis/adapter-postgres`,
    );
  }
  const done: number[] = [];
  for (const migration of list) {
    const sum = await checksum(migration, tables);
    const recorded = applied.get(migration.version);
    if (recorded === undefined) {
      await applyOne(db, tables, migration, sum);
      done.push(migration.version);
    } else if (recorded !== sum) {
      throw new ConfigError(
        `Migration ${migration.version} (${migration.name}) in ${tables.schema} differs from the shipped one`,
      );
    }
  }
  return { applied: done, version: Math.max(0, ...list.map((migration) => migration.version)) };
}

/**
 * Brings the schema up to the newest shipped version and records what it applied.
 * Safe to call from every app instance at start-up at once: a session-level advisory
 * lock (per schema) lets one instance migrate while the others wait, then find nothing
 * to do. Each migration runs in its own transaction, so a failure leaves the schema at
 * the last complete version.
 */
export async function migrate(
  target: MigrationTarget,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const tables = tablesIn(schema);
  const list = [...(options.migrations ?? shippedMigrations)].sort((a, b) => a.version - b.version);
  const connection = isPool(target) ? await target.connect() : null;
  const db: SqlClient = connection ?? target;
  let broken = false;
  try {
    await runQuery(db, 'SELECT pg_advisory_lock(hashtext($1))', [`portcullis.migrate:${schema}`]);
    try {
      return await migrateOn(db, tables, list);
    } finally {
      await runQuery(db, 'SELECT pg_advisory_unlock(hashtext($1))', [
        `portcullis.migrate:${schema}`,
      ]).catch(() => {
        broken = true;
      });
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection whose state is uncertain (lock held, transaction open) is discarded.
    connection?.release(broken);
  }
}
