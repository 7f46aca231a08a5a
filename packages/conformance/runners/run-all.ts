/**
 * `pnpm conformance`: the suite on Bun, Deno and workerd (Node's own run is the vitest
 * project, part of `pnpm test`), plus the cross-runtime exchange: each runtime, Node
 * included, mints a password hash with its default hasher, then every runtime's run
 * verifies the hashes all the others minted. Exits non-zero on any failure.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { formatReport, type MintedHash, type Report } from '../src/index.ts';
import { bundleWorker, type RunningWorker, startWorker } from '../src/workerd.ts';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bin = (name: string) => here(`../node_modules/.bin/${name}`);
const cli = here('./cli.ts');
const source = '--conditions=@portcullis/source';

/** How to start cli.ts on each command-line runtime. */
const commands: Record<string, readonly [string, readonly string[]]> = {
  node: [process.execPath, [source, '--import', 'tsx', cli]],
  bun: [bin('bun'), [source, cli]],
  deno: [bin('deno'), ['run', source, '--allow-env', '--allow-read', cli]],
};

async function runCli(runtime: string, args: readonly string[]) {
  const [command, prefix] = commands[runtime] ?? ['', []];
  try {
    const { stdout } = await run(command, [...prefix, runtime, ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, stdout };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}` };
  }
}

async function post(worker: RunningWorker, path: string, body: unknown) {
  const response = await fetch(`${worker.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`workerd ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const worker = await startWorker(await bundleWorker(here('./worker.ts')));
let failures = 0;
try {
  const minted: MintedHash[] = [];
  for (const runtime of Object.keys(commands)) {
    const result = await runCli(runtime, ['mint']);
    if (!result.ok) throw new Error(`${runtime} could not mint a hash:\n${result.stdout}`);
    minted.push(JSON.parse(result.stdout) as MintedHash);
  }
  minted.push((await post(worker, '/mint', null)) as MintedHash);
  console.log(
    minted.map((hash) => `minted on ${hash.runtime} (${hash.engine}): ${hash.phc}`).join('\n'),
  );

  const fromOthers = (runtime: string) => minted.filter((hash) => hash.runtime !== runtime);
  for (const runtime of Object.keys(commands)) {
    const result = await runCli(runtime, ['run', JSON.stringify(fromOthers(runtime))]);
    console.log(result.stdout.trimEnd());
    if (!result.ok) failures += 1;
  }
  const report = (await post(worker, '/run', fromOthers('workerd'))) as Report;
  console.log(formatReport(report));
  if (report.failed > 0 || report.passed === 0) failures += 1;
} finally {
  await worker.stop();
}
if (failures > 0) {
  console.error(`conformance: ${failures} runtime(s) failed`);
  process.exitCode = 1;
}
