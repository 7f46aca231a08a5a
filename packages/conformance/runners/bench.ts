/**
 * `pnpm --filter @portcullis/conformance bench [count]`: milliseconds per argon2id hash at
 * the default cost on each runtime, hash-wasm and the portable engine side by side in one
 * run. Bun, Deno and Node time themselves; workerd's clock stands still while a request
 * computes, so its hashes are timed from outside: a request hashing `count` passwords minus
 * an empty one.
 */
import { bundleWorker, type RunningWorker, startWorker } from '../src/workerd.ts';
import { cliRuntimes, post, runCli, workerEntry } from './runtimes.ts';

const count = Number(process.argv[2] ?? 10);
const rows: string[] = [];
const format = (ms: number | undefined) => (ms === undefined ? '—' : `${ms.toFixed(0)} ms`);
const row = (runtime: string, wasm: number | undefined, portable: number) =>
  rows.push(
    `| ${runtime} | ${format(wasm)} | ${format(portable)} | ${wasm ? `${(portable / wasm).toFixed(2)}×` : '—'} |`,
  );

for (const runtime of cliRuntimes) {
  const result = await runCli(runtime, ['bench', String(count)]);
  if (!result.ok) throw new Error(`${runtime} bench failed:\n${result.stdout}`);
  const timing = JSON.parse(result.stdout) as { 'hash-wasm': number; portable: number };
  row(runtime, timing['hash-wasm'], timing.portable);
}

async function timed(worker: RunningWorker, hashes: number): Promise<number> {
  const started = performance.now();
  await post(`${worker.url}/hash?count=${hashes}`, null);
  return performance.now() - started;
}

const worker = await startWorker(await bundleWorker(workerEntry));
try {
  await timed(worker, 1);
  const empty = Math.min(await timed(worker, 0), await timed(worker, 0), await timed(worker, 0));
  row('workerd', undefined, ((await timed(worker, count)) - empty) / count);
} finally {
  await worker.stop();
}
console.log(`argon2id m=19456 KiB, t=2, p=1; mean of ${count} hashes per cell\n`);
console.log('| runtime | hash-wasm | portable (@noble/hashes) | portable ÷ hash-wasm |');
console.log('| --- | --- | --- | --- |');
console.log(rows.join('\n'));
