import { InputError } from '@portcullis/core';
import { hasLoneSurrogate } from '@portcullis/core/adapter';
import { toAuthError } from './errors.ts';

/**
 * What the adapter needs from a database handle: one `query(text, values)` returning rows.
 * A `pg` Pool or Client and a PGlite instance all fit, so neither is a hard dependency.
 * Every repository method is a single statement, so no connection is ever held across
 * calls and a Pool can serve all of them.
 */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A row as the adapter reads it. Column values are typed at the mapping functions in
 * rows.ts; drivers return `Date` for timestamptz and parsed objects for jsonb.
 */
export type Row = Record<string, unknown>;

/**
 * Runs one statement. Before anything is sent, string values are checked for NUL
 * (U+0000), which PostgreSQL cannot store in text: it would fail as an encoding error
 * deep in the server, so it is refused here as the caller's input. Lone surrogates are
 * refused too: drivers encode them as U+FFFD, so two different strings would be stored
 * as, and match, the same key. Every driver error leaves as an `AuthError` (see errors.ts).
 */
export async function runQuery(
  client: SqlClient,
  text: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  values.forEach((value, index) => {
    if (typeof value === 'string' && (value.includes('\u0000') || hasLoneSurrogate(value))) {
      throw new InputError([{ field: `$${index + 1}`, problem: 'control_character' }]);
    }
  });
  try {
    const result = await client.query(text, [...values]);
    return result.rows as Row[];
  } catch (error) {
    throw toAuthError(error);
  }
}

/**
 * Runs one `DELETE … WHERE …` and returns how many rows it removed, as one statement that
 * answers one row whatever the count (pruning can delete many).
 */
export async function deleteCounted(
  client: SqlClient,
  table: string,
  where: string,
  values: readonly unknown[],
): Promise<number> {
  const rows = await runQuery(
    client,
    `WITH deleted AS (DELETE FROM ${table} WHERE ${where} RETURNING 1)
      SELECT count(*)::int AS count FROM deleted`,
    values,
  );
  return Number(rows[0]?.count ?? 0);
}
