/** Timing helpers. Pairs are interleaved so drift on a shared, noisy machine hits both sides alike. */

export interface Side {
  readonly label: string;
  /** One unit of work; resolves when done. */
  readonly run: () => Promise<unknown>;
}

export interface PairResult {
  readonly a: { label: string; medianMs: number };
  readonly b: { label: string; medianMs: number };
  /** median(a) / median(b) */
  readonly ratio: number;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function time(run: () => Promise<unknown>, batch: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < batch; i++) await run();
  return (performance.now() - start) / batch;
}

/**
 * Times `a` and `b` alternately (`rounds` samples each, `batch` calls per sample, after
 * `warmup` untimed calls each) and returns both medians and their ratio.
 */
export async function measurePair(
  a: Side,
  b: Side,
  options: { rounds: number; batch: number; warmup: number },
): Promise<PairResult> {
  for (let i = 0; i < options.warmup; i++) {
    await a.run();
    await b.run();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which side goes first so neither always runs on a warmer cache.
    if (round % 2 === 0) {
      samplesA.push(await time(a.run, options.batch));
      samplesB.push(await time(b.run, options.batch));
    } else {
      samplesB.push(await time(b.run, options.batch));
      samplesA.push(await time(a.run, options.batch));
    }
  }
  const medianA = median(samplesA);
  const medianB = median(samplesB);
  return {
    a: { label: a.label, medianMs: medianA },
    b: { label: b.label, medianMs: medianB },
    ratio: medianA / medianB,
  };
}
