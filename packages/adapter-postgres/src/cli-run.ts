/** What `portcullis-migrate` and `portcullis-prune` share: one pooled connection, one line out. */
import pg from 'pg';

/** One command-line tool over DATABASE_URL. */
export interface PoolCommand<Options> {
  readonly name: string;
  /** Printed, with DATABASE_URL, for a usage error. */
  readonly usage: string;
  /** The options the arguments ask for, or `null` when they are not valid. */
  parse(args: readonly string[]): Options | null;
  /** Does the work and returns the one line to print. */
  run(pool: pg.Pool, options: Options): Promise<string>;
}

/**
 * Parses `args`, then runs the command on a one-connection pool to DATABASE_URL. Returns
 * the exit status: 0 when done, 1 when it failed (the message and its cause, never a
 * stack), 2 for a usage error or a missing DATABASE_URL.
 */
export async function runPoolCommand<Options>(
  command: PoolCommand<Options>,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const options = command.parse(args);
  const url = env.DATABASE_URL;
  if (options === null || url === undefined || url === '') {
    console.error(`usage: DATABASE_URL=postgres://… ${command.name} ${command.usage}`);
    return 2;
  }
  return runWithPool(command.name, url, (pool) => command.run(pool, options));
}

async function runWithPool(
  command: string,
  url: string,
  work: (pool: pg.Pool) => Promise<string>,
): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    console.log(`${command}: ${await work(pool)}`);
    return 0;
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    console.error(`${command}: ${error instanceof Error ? error.message : String(error)}${cause}`);
    return 1;
  } finally {
    await pool.end();
  }
}
