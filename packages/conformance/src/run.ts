import type { Case } from './registry.ts';

/** What one runtime's run of the suite found. */
export interface Report {
  readonly runtime: string;
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly { readonly name: string; readonly error: string }[];
}

/** Runs every case in order (never in parallel: cases race inside, not with each other). */
export async function runCases(runtime: string, cases: readonly Case[]): Promise<Report> {
  const failures: { name: string; error: string }[] = [];
  for (const item of cases) {
    try {
      await item.run();
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      failures.push({ name: item.name, error: text });
    }
  }
  return { runtime, passed: cases.length - failures.length, failed: failures.length, failures };
}

/**
 * The report as lines: one per failure, then the count in the plain `N passed, N failed`
 * form CI reads, prefixed with the runtime's name.
 */
export function formatReport(report: Report): string {
  const lines = report.failures.map((failure) => `  ✗ ${failure.name}\n      ${failure.error}`);
  lines.push(`${report.runtime}: ${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
