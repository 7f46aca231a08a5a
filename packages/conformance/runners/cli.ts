/**
 * The Bun and Deno runner (and Node's, for the cross-runtime exchange):
 *   <runtime> cli.ts <name> mint             prints the JSON of a hash minted here
 *   <runtime> cli.ts <name> run [<minted>]   runs the suite, prints the report, sets the exit code
 *   <runtime> cli.ts <name> bench <count>    prints the JSON of ms per hash for each engine
 * `<minted>` is a JSON array of hashes minted on other runtimes.
 */

import { msPerHash } from '../src/bench.ts';
import {
  conformanceSuite,
  formatReport,
  type MintedHash,
  mintHash,
  runCases,
} from '../src/index.ts';
import { loadedTarget } from './target.ts';

interface RuntimeGlobals {
  Deno?: { args: string[]; exitCode: number };
  process?: { argv: string[]; exitCode?: number };
}
const runtimeGlobals = globalThis as RuntimeGlobals;
const args = runtimeGlobals.Deno?.args ?? runtimeGlobals.process?.argv.slice(2) ?? [];
const [runtime = 'unknown', mode, argument = '[]'] = args;

function fail(): void {
  if (runtimeGlobals.Deno) runtimeGlobals.Deno.exitCode = 1;
  else if (runtimeGlobals.process) runtimeGlobals.process.exitCode = 1;
}

if (mode === 'mint') {
  console.log(JSON.stringify(await mintHash(loadedTarget(runtime, 'hash-wasm'))));
} else if (mode === 'run') {
  const minted = JSON.parse(argument) as MintedHash[];
  const target = loadedTarget(runtime, 'hash-wasm', minted);
  const report = await runCases(runtime, conformanceSuite(target));
  console.log(formatReport(report));
  if (report.failed > 0 || report.passed === 0) fail();
} else if (mode === 'bench') {
  const count = Number(argument);
  const timing = await msPerHash(loadedTarget(runtime, 'hash-wasm'), count);
  console.log(JSON.stringify({ runtime, ...timing }));
} else {
  console.error(`usage: cli.ts <runtime> mint | run [<minted JSON>] (got ${args.join(' ')})`);
  fail();
}
