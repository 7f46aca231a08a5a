/**
 * `pnpm conformance`: the suite on Bun, Deno and workerd (Node's own run is the vitest
 * project, part of `pnpm test`), plus the cross-runtime exchange: each runtime, Node
 * included, mints a password hash with its default hasher and derives keys from a shared
 * secret, then every runtime's run verifies the others' hashes and compares their keys.
 * Exits non-zero on any failure.
 */
import { formatReport, type MintedHash, type Report } from '../src/index.ts';
import { bundleWorker, startWorker } from '../src/workerd.ts';
import { cliRuntimes, post, runCli, workerEntry } from './runtimes.ts';

const worker = await startWorker(await bundleWorker(workerEntry));
let failures = 0;
try {
  const minted: MintedHash[] = [];
  for (const runtime of cliRuntimes) {
    const result = await runCli(runtime, ['mint']);
    if (!result.ok) throw new Error(`${runtime} could not mint a hash:\n${result.stdout}`);
    minted.push(JSON.parse(result.stdout) as MintedHash);
  }
  minted.push((await (await post(`${worker.url}/mint`, null)).json()) as MintedHash);
  for (const hash of minted) console.log(`minted on ${hash.runtime} (${hash.engine}): ${hash.phc}`);

  const fromOthers = (runtime: string) => minted.filter((hash) => hash.runtime !== runtime);
  for (const runtime of cliRuntimes) {
    const result = await runCli(runtime, ['run', JSON.stringify(fromOthers(runtime))]);
    console.log(result.stdout.trimEnd());
    if (!result.ok) failures += 1;
  }
  const answer = await post(`${worker.url}/run`, fromOthers('workerd'));
  const report = (await answer.json()) as Report;
  console.log(formatReport(report));
  if (report.failed > 0 || report.passed === 0) failures += 1;
} finally {
  await worker.stop();
}
if (failures > 0) {
  console.error(`conformance: ${failures} runtime(s) failed`);
  process.exitCode = 1;
}
