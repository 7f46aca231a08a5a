/**
 * `pnpm bench [--quick] [--only <section>,…]`: one table, each row a ratio of two
 * measurements taken interleaved in this one run (absolute numbers on a shared machine are
 * noise; ratios of side-by-side measurements are not). `--quick` only proves the
 * benchmarks still run; `--only` runs the named sections (see `sections` below), e.g.
 * `pnpm bench --only enumeration`. Nothing here asserts a goal: the table says whether
 * each was met in this run.
 */
import { accessTokenVersusHmac } from './access-token.bench.ts';
import { enumerationTiming } from './enumeration-timing.bench.ts';
import { eventLoopDelayDuringSignIns } from './event-loop.bench.ts';
import { refreshRotationVersusUpdate } from './refresh-rotation.bench.ts';
import { signInVersusArgon2 } from './sign-in.bench.ts';
import { machineLine, printTable, type Row } from './table.ts';
import { bareHashScaling, signInScaling } from './throughput.bench.ts';

const quick = process.argv.includes('--quick');
const ms = (value: number) => `${value.toFixed(2)} ms`;
const perSecond = (msEach: number) => `${Math.round(1000 / msEach).toLocaleString('en')}/s`;

/** Each section adds its rows to the table, in this order. */
const sections: Record<string, () => Promise<Row[]>> = {
  'sign-in': async () => {
    const signIn = await signInVersusArgon2(
      quick ? { rounds: 5, warmup: 1 } : { rounds: 31, warmup: 3 },
    );
    return [
      {
        what: 'sign-in ÷ bare native argon2id (m=19456, t=2, p=1), time per call',
        a: `${signIn.a.label} ${ms(signIn.a.medianMs)}`,
        b: `${signIn.b.label} ${ms(signIn.b.medianMs)}`,
        ratio: signIn.ratio,
        goal: { op: '≤', value: 1.15 },
      },
    ];
  },
  'event-loop': async () => {
    const loop = await eventLoopDelayDuringSignIns(
      quick ? { rounds: 3, warmup: 1 } : { rounds: 15, warmup: 2 },
    );
    return [
      {
        what: 'worst event-loop delay during 8 concurrent sign-ins: native ÷ hash-wasm',
        a: `native ${ms(loop.a.medianMs)}${loop.a.medianMs <= 10 ? ' (goal ≤ 10 ms met)' : ' (goal ≤ 10 ms missed)'}`,
        b: `hash-wasm ${ms(loop.b.medianMs)}`,
        ratio: loop.ratio,
        goal: null,
      },
    ];
  },
  throughput: async () => {
    const options = quick ? { rounds: 3, warmup: 1 } : { rounds: 15, warmup: 2 };
    const scaling = await signInScaling(options);
    const ceiling = await bareHashScaling(options);
    return [
      {
        what: 'sign-in throughput, Node hasher on 2 threads ÷ 1 (16 in flight)',
        a: `2 threads ${perSecond(scaling.a.medianMs)}`,
        b: `1 thread ${perSecond(scaling.b.medianMs)}`,
        ratio: 1 / scaling.ratio,
        goal: { op: '≥', value: 1.6 },
      },
      {
        what: "bare native argon2id throughput, 2 in flight ÷ 1 (this machine's ceiling for the row above)",
        a: `2 lanes ${perSecond(ceiling.a.medianMs)}`,
        b: `1 lane ${perSecond(ceiling.b.medianMs)}`,
        ratio: 1 / ceiling.ratio,
        goal: null,
      },
    ];
  },
  'access-token': async () => {
    const tokens = await accessTokenVersusHmac(
      quick ? { rounds: 3, warmup: 50, batch: 50 } : { rounds: 30, warmup: 2000, batch: 500 },
    );
    return [
      {
        what: 'access-token verifications/s ÷ raw HMAC-SHA256 verifications/s',
        a: `verifyAccessToken ${perSecond(tokens.a.medianMs)}`,
        b: `HMAC ${perSecond(tokens.b.medianMs)}`,
        ratio: 1 / tokens.ratio,
        goal: { op: '≥', value: 0.5 },
      },
    ];
  },
  'refresh-rotation': async () => {
    const rotations = await refreshRotationVersusUpdate(
      quick ? { rounds: 3, warmup: 5, batch: 20 } : { rounds: 20, warmup: 20, batch: 50 },
    );
    return [
      {
        what: 'Postgres refresh rotations/s ÷ bare UPDATE … RETURNING/s (pool 10, 10 in flight)',
        a: `rotation ${perSecond(rotations.a.medianMs)}`,
        b: `UPDATE ${perSecond(rotations.b.medianMs)}`,
        ratio: 1 / rotations.ratio,
        goal: { op: '≥', value: 0.5 },
      },
    ];
  },
  enumeration: async () => {
    const timings = await enumerationTiming(
      quick ? { perSide: 3, warmup: 1 } : { perSide: 200, warmup: 10 },
    );
    return timings.map((timing) => {
      const distinguishability = Math.max(timing.auc, 1 - timing.auc);
      const met = distinguishability <= 0.6 ? 'met' : 'missed';
      return {
        what: `${timing.endpoint}: existing ÷ unknown account, time per request (loopback, interleaved)`,
        a: `existing ${ms(timing.existsMedianMs)}, ROC AUC ${timing.auc.toFixed(3)} (max(AUC, 1 − AUC) ≤ 0.6 ${met})`,
        b: `unknown ${ms(timing.unknownMedianMs)}`,
        ratio: timing.existsMedianMs / timing.unknownMedianMs,
        goal: null,
      };
    });
  },
};

/** The sections `--only` names, in table order; every section without it. */
function selected(): (() => Promise<Row[]>)[] {
  const at = process.argv.indexOf('--only');
  if (at === -1) return Object.values(sections);
  const names = (process.argv[at + 1] ?? '').split(',').filter((name) => name !== '');
  const chosen = Object.entries(sections).filter(([name]) => names.includes(name));
  if (names.length === 0 || chosen.length !== new Set(names).size) {
    throw new Error(
      `--only takes a comma-separated list of sections: ${Object.keys(sections).join(', ')}`,
    );
  }
  return chosen.map(([, run]) => run);
}

const rows: Row[] = [];
for (const run of selected()) rows.push(...(await run()));
console.log(machineLine(process.argv.slice(2)));
printTable(rows);
