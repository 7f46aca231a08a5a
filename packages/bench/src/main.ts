/**
 * `pnpm bench [--quick]`: prints one row per comparison, each a ratio of two timings taken
 * interleaved in this one run (absolute numbers on a shared machine are noise; ratios of
 * side-by-side measurements are not). `--quick` only proves the benchmarks still run.
 */
import { accessTokenVersusHmac } from './access-token.bench.ts';
import type { PairResult } from './measure.ts';
import { refreshRotationVersusUpdate } from './refresh-rotation.bench.ts';
import { signInVersusArgon2 } from './sign-in.bench.ts';

const quick = process.argv.includes('--quick');

function row(title: string, result: PairResult, perSecond = false): string {
  const show = (ms: number) =>
    perSecond ? `${Math.round(1000 / ms).toLocaleString('en')}/s` : `${ms.toFixed(2)} ms`;
  return [
    title,
    `  ${result.a.label}: ${show(result.a.medianMs)}`,
    `  ${result.b.label}: ${show(result.b.medianMs)}`,
    perSecond
      ? `  ratio (throughput ${result.a.label} ÷ ${result.b.label}): ${(1 / result.ratio).toFixed(3)}`
      : `  ratio (${result.a.label} ÷ ${result.b.label}): ${result.ratio.toFixed(3)}`,
  ].join('\n');
}

const signIn = await signInVersusArgon2(
  quick ? { rounds: 3, warmup: 1 } : { rounds: 25, warmup: 3 },
);
console.log(row('Sign-in vs bare argon2id (m=19456 KiB, t=2, p=1), median per call', signIn));
const tokens = await accessTokenVersusHmac(
  quick ? { rounds: 3, warmup: 50, batch: 50 } : { rounds: 30, warmup: 2000, batch: 500 },
);
console.log(row('Access-token verification vs raw HMAC-SHA256 floor', tokens, true));
const rotations = await refreshRotationVersusUpdate(
  quick ? { rounds: 3, warmup: 5, batch: 20 } : { rounds: 20, warmup: 20, batch: 50 },
);
console.log(
  row(
    'Refresh rotations/s through the Postgres adapter vs bare UPDATE … RETURNING floor (pool of 10, 10 in flight)',
    rotations,
    true,
  ),
);
