/**
 * Runs a Worker on a real workerd (the npm `workerd` package) for tests: bundles an entry with
 * esbuild the way Wrangler resolves packages for Workers, writes a workerd config with Node.js
 * compatibility switched off, and serves it on a free loopback port. Since compatibility date
 * 2026-08-04 workerd turns `nodejs_compat` and `nodejs_compat_v2` on by default, so leaving
 * the flags out is not enough: `no_nodejs_compat` and `no_nodejs_compat_v2` switch both off
 * (the workerd runner's environment case checks there is no `process` or `Buffer`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The npm `workerd` package (CommonJS, untyped): the binary's path and its newest date. */
const workerd = createRequire(import.meta.url)('workerd') as {
  readonly default: string;
  readonly compatibilityDate: string;
};

/** Bundles `entry` into one ES module for workerd (conditions as Wrangler's, plus sources). */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@portcullis/source', 'workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'error',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Text bindings (the Worker's `env`), as Cap'n Proto list entries. */
const bindingsOf = (bindings: Readonly<Record<string, string>>) =>
  Object.entries(bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ');

const config = (
  port: number,
  bindings: Readonly<Record<string, string>>,
) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ],
  compatibilityDate = "${workerd.compatibilityDate}",
  compatibilityFlags = [ "no_nodejs_compat", "no_nodejs_compat_v2" ],
  bindings = [ ${bindingsOf(bindings)} ],
);
`;

/** A running workerd: its base URL and how to stop it. */
export interface RunningWorker {
  readonly url: string;
  stop(): Promise<void>;
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`workerd exited: ${log()}`);
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`workerd did not start within 10 s: ${log()}`);
}

export interface StartWorkerOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Text bindings the Worker receives as `env`. */
  readonly bindings?: Readonly<Record<string, string>>;
}

/** Serves the bundled `script` (an ES module with a default `fetch` handler) on workerd. */
export async function startWorker(
  script: string,
  options: StartWorkerOptions = {},
): Promise<RunningWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'portcullis-workerd-'));
  const port = options.port ?? (await freePort());
  await writeFile(join(dir, 'worker.mjs'), script);
  await writeFile(join(dir, 'config.capnp'), config(port, options.bindings ?? {}));
  const child = spawn(workerd.default, ['serve', 'config.capnp'], { cwd: dir, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
