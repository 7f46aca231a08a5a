import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { aUser } from '@portcullis/adapter-tests';
import { ConfigError, StorageError } from '@portcullis/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration } from '../src/index.ts';
import { createPostgresRepositories, migrate, migrations } from '../src/index.ts';
import { openEmbeddedDatabase } from '../src/pglite.ts';
import { databaseUrl, uniqueSchema } from './databases.ts';

const run = promisify(execFile);
let pool: pg.Pool;
const schemas: string[] = [];

function freshSchema(): string {
  const schema = uniqueSchema();
  schemas.push(schema);
  return schema;
}

async function tableExists(schema: string, table: string): Promise<boolean> {
  const { rows } = await pool.query('SELECT to_regclass($1) AS oid', [`"${schema}".${table}`]);
  return rows[0].oid !== null;
}

beforeAll(() => {
  pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
});

afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/** Every shipped version, and the newest: a new migration changes no expectation here. */
const shipped = migrations.map((migration) => migration.version);
const latest = Math.max(...shipped);

describe('migrate', () => {
  it('creates the schema, records each version and is idempotent', async () => {
    const schema = freshSchema();
    expect(await migrate(pool, { schema })).toEqual({ applied: shipped, version: latest });
    expect(await migrate(pool, { schema })).toEqual({ applied: [], version: latest });
    const { rows } = await pool.query(
      `SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`,
    );
    expect(rows).toEqual(migrations.map(({ version, name }) => ({ version, name })));
    const tables = [
      'users',
      'sessions',
      'refresh_tokens',
      'verification_tokens',
      'pending_sign_ups',
    ];
    for (const table of tables) {
      expect(await tableExists(schema, table)).toBe(true);
    }
  });

  it('applies only the versions a database lacks', async () => {
    const schema = freshSchema();
    await migrate(pool, { schema });
    const next: Migration = {
      version: latest + 1,
      name: 'add_note',
      statements: (s) => [`ALTER TABLE ${s}.users ADD COLUMN note text`],
    };
    expect(await migrate(pool, { schema, migrations: [...migrations, next] })).toEqual({
      applied: [latest + 1],
      version: latest + 1,
    });
  });

  it('rolls a failing migration back whole and keeps the last complete version', async () => {
    const schema = freshSchema();
    await migrate(pool, { schema });
    const broken: Migration = {
      version: latest + 1,
      name: 'broken',
      statements: (s) => [`CREATE TABLE ${s}.half_done (x int)`, 'SELEC 1'],
    };
    const failure = await migrate(pool, { schema, migrations: [...migrations, broken] }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).message).toContain(`Migration ${latest + 1} (broken)`);
    expect(await tableExists(schema, 'half_done')).toBe(false);
    const { rows } = await pool.query(
      `SELECT max(version)::int AS version FROM "${schema}".schema_migrations`,
    );
    expect(rows).toEqual([{ version: latest }]);
    // The advisory lock was released with the failure: the next run is not blocked.
    expect(await migrate(pool, { schema })).toEqual({ applied: [], version: latest });
  });

  it('refuses a database whose applied migration differs from the shipped one', async () => {
    const schema = freshSchema();
    await migrate(pool, { schema });
    const edited: Migration = { version: 1, name: 'initial', statements: () => ['SELECT 1'] };
    await expect(migrate(pool, { schema, migrations: [edited] })).rejects.toThrow(ConfigError);
  });

  it('refuses a database migrated by a newer release', async () => {
    const schema = freshSchema();
    await migrate(pool, { schema });
    await pool.query(
      `INSERT INTO "${schema}".schema_migrations (version, name, checksum) VALUES (99, 'future', 'x')`,
    );
    await expect(migrate(pool, { schema })).rejects.toThrow(/migration 99, newer/);
  });

  it('rejects schema names that are not plain identifiers', async () => {
    for (const schema of ['Public', 'a"b', 'x; DROP SCHEMA public', '', '1abc', 'a'.repeat(64)]) {
      await expect(migrate(pool, { schema })).rejects.toThrow(ConfigError);
      expect(() => createPostgresRepositories(pool, { schema })).toThrow(ConfigError);
    }
  });
});

// Each case spawns Node with tsx, which takes seconds on a loaded machine.
describe('portcullis-migrate CLI', { timeout: 60_000 }, () => {
  const cli = (args: string[], env: Record<string, string | undefined>) =>
    run(
      process.execPath,
      ['--conditions=@portcullis/source', '--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: new URL('..', import.meta.url).pathname, env: { ...process.env, ...env } },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('migrates the database at DATABASE_URL, then reports it up to date', async () => {
    const schema = freshSchema();
    const first = await cli(['--schema', schema], { DATABASE_URL: databaseUrl() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${shipped.join(', ')} to schema ${schema}`);
    const second = await cli(['--schema', schema], { DATABASE_URL: databaseUrl() });
    expect(second.stdout).toContain(`is up to date (version ${latest})`);
  });

  it('exits 2 without DATABASE_URL or with unknown arguments, 1 when the server is unreachable', async () => {
    expect((await cli([], { DATABASE_URL: '' })).code).toBe(2);
    expect((await cli(['--bogus'], { DATABASE_URL: databaseUrl() })).code).toBe(2);
    const unreachable = await cli([], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('portcullis-migrate:');
  });
});

describe('embedded PGlite', () => {
  it('keeps data in dataDir across restarts and migrates only once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'portcullis-pglite-'));
    try {
      const user = aUser();
      const first = await openEmbeddedDatabase({ dataDir });
      await first.repos.users.create(user);
      await first.close();
      const second = await openEmbeddedDatabase({ dataDir });
      expect(await second.repos.users.findById(user.id)).toEqual(user);
      expect(await migrate(second.db)).toEqual({ applied: [], version: latest });
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Two PGlite start-ups (WebAssembly compile and initdb) take seconds on a loaded machine.
  }, 120_000);
});
