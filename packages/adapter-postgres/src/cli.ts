#!/usr/bin/env node
/**
 * portcullis-migrate — applies the shipped migrations to the database at DATABASE_URL.
 *
 *   DATABASE_URL=postgres://… portcullis-migrate [--schema <name>]
 *
 * Safe to run from several deploy jobs at once (see migrate). Exit status: 0 when the
 * schema is up to date, 1 when migrating failed, 2 for a usage error.
 */
import { runPoolCommand } from './cli-run.ts';
import { migrate } from './migrate.ts';
import { DEFAULT_SCHEMA } from './schema.ts';

process.exitCode = await runPoolCommand(
  {
    name: 'portcullis-migrate',
    usage: '[--schema <name>]',
    parse: (args) => {
      if (args.length === 0) return { schema: DEFAULT_SCHEMA };
      if (args.length === 2 && args[0] === '--schema' && args[1] !== undefined) {
        return { schema: args[1] };
      }
      return null;
    },
    run: async (pool, { schema }) => {
      const result = await migrate(pool, { schema });
      return result.applied.length === 0
        ? `schema ${schema} is up to date (version ${result.version})`
        : `applied ${result.applied.join(', ')} to schema ${schema} (now version ${result.version})`;
    },
  },
  process.argv.slice(2),
  process.env,
);
