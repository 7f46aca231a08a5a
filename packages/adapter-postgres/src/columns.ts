/**
 * A table's columns declared once, beside the record they store: the column list, the
 * `$n` placeholders and the value array are all generated from it, in one order, so they
 * cannot drift apart. The map is keyed by the record's fields, so a field added to a
 * record fails the typecheck here until it has a column.
 */

/** A column's name and SQL type; each placeholder is cast to it (`$3::timestamptz`). */
type Column = readonly [
  name: string,
  type: 'text' | 'timestamptz' | 'integer' | 'bigint' | 'boolean' | 'jsonb',
];

/** Every field of the record `R` and the column that stores it. */
export type ColumnMap<R> = { readonly [Field in keyof R]-?: Column };

export interface TableColumns<R> {
  /** Column names in order. */
  readonly names: readonly string[];
  /** `a, b, c`, for INSERT, SELECT and RETURNING. */
  readonly list: string;
  /** `$1::text, $2::timestamptz, …` in the same order, numbered after `offset`. */
  placeholders(offset?: number): string;
  /** The record's values in the same order (`jsonb` columns as JSON text). */
  values(record: R): unknown[];
}

export function tableColumns<R extends object>(map: ColumnMap<R>): TableColumns<R> {
  const fields = Object.keys(map) as (keyof R & string)[];
  const columns = fields.map((field) => map[field]);
  const names = columns.map(([name]) => name);
  return {
    names,
    list: names.join(', '),
    placeholders: (offset = 0) =>
      columns.map(([, type], index) => `$${offset + index + 1}::${type}`).join(', '),
    values: (record) =>
      fields.map((field, index) =>
        columns[index]?.[1] === 'jsonb' ? JSON.stringify(record[field]) : record[field],
      ),
  };
}
