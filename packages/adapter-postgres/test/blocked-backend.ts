import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';

/**
 * Polls pg_stat_activity until exactly one backend of this database is waiting on a lock
 * while running a statement that mentions `schema` and `fragment`, and returns its pid.
 * The schema is unique to the test, so backends of other tests never match. Bounded: it
 * gives up after `attempts` polls rather than hanging the suite.
 */
export async function blockedBackend(
  observer: pg.Client,
  schema: string,
  fragment: string,
  attempts = 500,
): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const { rows } = await observer.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND wait_event_type = 'Lock'
          AND strpos(query, $1) > 0 AND strpos(query, $2) > 0`,
      [`"${schema}"`, fragment],
    );
    if (rows.length > 1) throw new Error(`${rows.length} backends match; expected one`);
    const row = rows[0];
    if (row !== undefined) return row.pid;
    await delay(10);
  }
  throw new Error(`no backend blocked on a statement with ${fragment} in ${schema}`);
}

/** Ends the backend `pid` from the server side, as an admin or a failover would. */
export async function terminate(observer: pg.Client, pid: number): Promise<void> {
  const { rows } = await observer.query<{ ended: boolean }>(
    'SELECT pg_terminate_backend($1) AS ended',
    [pid],
  );
  if (rows[0]?.ended !== true) throw new Error(`backend ${pid} could not be terminated`);
}

/** Cancels the statement running on backend `pid`; the connection itself survives. */
export async function cancel(observer: pg.Client, pid: number): Promise<void> {
  const { rows } = await observer.query<{ cancelled: boolean }>(
    'SELECT pg_cancel_backend($1) AS cancelled',
    [pid],
  );
  if (rows[0]?.cancelled !== true) throw new Error(`backend ${pid} could not be cancelled`);
}
