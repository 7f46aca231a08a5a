import type { Auth } from '@portcullis/core';
import { benchAuth, nativeHasher, signInOnce } from './bench-auth.ts';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

const SIGN_INS = 8;
const TICK_MS = 1;

/**
 * Starts a 1 ms interval and returns `stop`, which answers the longest time the loop went
 * without running it, from start to stop, minus the interval itself. The gap before the
 * first tick and after the last count too: a loop blocked for the whole burst would
 * otherwise never be sampled (a monitor that needs two ticks to record one delay misses it).
 */
function watchEventLoop(): () => number {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, TICK_MS);
  return () => {
    clearInterval(timer);
    return Math.max(0, Math.max(worst, performance.now() - last) - TICK_MS);
  };
}

/**
 * The worst event-loop delay while `SIGN_INS` sign-ins run at once, with core's default
 * hasher (hash-wasm, on the event loop) and with the Node hasher (native, on libuv's pool).
 * Each sample is one burst's maximum delay; the sides alternate burst by burst.
 */
export async function eventLoopDelayDuringSignIns(options: {
  rounds: number;
  warmup: number;
}): Promise<PairResult> {
  const wasm = await benchAuth();
  const native = await benchAuth(nativeHasher(2));
  // measurePair only schedules the alternation here: each run records its burst's worst
  // delay, and the medians of those (warm-up bursts dropped) are the result.
  const worst = { native: [] as number[], wasm: [] as number[] };
  const burst = (auth: Auth, into: number[]) => async () => {
    const stop = watchEventLoop();
    await Promise.all(Array.from({ length: SIGN_INS }, () => signInOnce(auth)));
    into.push(stop());
  };
  await measurePair(
    { label: 'native', run: burst(native, worst.native) },
    { label: 'hash-wasm', run: burst(wasm, worst.wasm) },
    { ...options, batch: 1 },
  );
  const median = (values: number[]) => {
    const kept = values.slice(options.warmup).sort((x, y) => x - y);
    return kept[Math.floor(kept.length / 2)] ?? Number.NaN;
  };
  const a = median(worst.native);
  const b = median(worst.wasm);
  return {
    a: { label: 'Node hasher (native)', medianMs: a },
    b: { label: 'default hasher (hash-wasm)', medianMs: b },
    ratio: a / b,
  };
}
