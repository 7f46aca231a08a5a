import { availableParallelism, cpus, loadavg } from 'node:os';

/** One line of the benchmark table: two side-by-side measurements and their ratio. */
export interface Row {
  readonly what: string;
  readonly a: string;
  readonly b: string;
  readonly ratio: number;
  /** The goal for the ratio, or `null` when the row's goal is on `a` itself. */
  readonly goal: { readonly op: '≤' | '≥'; readonly value: number } | null;
}

/** Where the numbers came from: the run's arguments, CPU, core count and load while it ran. */
export function machineLine(args: readonly string[]): string {
  const load = loadavg().map((value) => value.toFixed(1));
  const quick = args.includes('--quick');
  return [
    `${['pnpm bench', ...args].join(' ')}${quick ? ' (few rounds: proves the benchmarks run, figures are rough)' : ''}`,
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`,
    `load average ${load.join(' / ')} (1 / 5 / 15 min)`,
  ].join(' · ');
}

function verdict(row: Row): string {
  if (row.goal === null) return 'see a';
  const met = row.goal.op === '≤' ? row.ratio <= row.goal.value : row.ratio >= row.goal.value;
  return `${row.goal.op} ${row.goal.value} ${met ? 'met' : 'missed'}`;
}

/** Prints the rows as one Markdown table, so a run can be pasted into the docs as is. */
export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((row, index) => [
    String(index + 1),
    row.what,
    row.a,
    row.b,
    row.ratio.toFixed(3),
    verdict(row),
  ]);
  const header = ['#', 'comparison', 'a', 'b', 'a ÷ b', 'goal'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const values of cells) console.log(line(values));
}
