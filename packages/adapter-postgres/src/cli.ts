#!/usr/bin/env node
/**
 * portcullis-migrate — applies the shipped migrations to the database at DATABASE_URL.
 *
 *   DATABASE_URL=postgres://… portcullis-migrate [--schema <name>]
 *
 * Safe to run from several deploy jobs at once (see migrate). Exit status: 0 when the
 * schema is up to date, 1 when migrating failed, 2 for a usage error.
 */
import { runWithPool } from './cli-run.ts';
import { migrate } from './migrate.ts';
import { DEFAULT_SCHEMA } from './schema.ts';

const usage = 'usage: DATABASE_URL=postgres://… portcullis-migrate [--schema <name>]';

function parseArguments(args: readonly string[]): { schema: string } | null {
  if (args.length === 0) return { schema: DEFAULT_SCHEMA };
  if (args.length === 2 && args[0] === '--schema' && args[1] !== undefined) {
    return { schema: args[1] };
  }
  return null;
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (parsed === null || url === undefined || url === '') {
    console.error(usage);
    return 2;
  }
  return runWithPool('portcullis-migrate', url, async (pool) => {
    const result = await migrate(pool, { schema: parsed.schema });
    return result.applied.length === 0
      ? `schema ${parsed.schema} is up to date (version ${result.version})`
      : `applied ${result.applied.join(', ')} to schema ${parsed.schema} (now version ${result.version})`;
  });
}

process.exitCode = await main();
