/** What `portcullis-migrate` and `portcullis-prune` share: one pooled connection, one line out. */
import pg from 'pg';

/**
 * Runs `work` on a one-connection pool to `url` and prints its line. Returns the exit
 * status: 0 when done, 1 when it failed (the message and its cause, never a stack).
 */
export async function runWithPool(
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
