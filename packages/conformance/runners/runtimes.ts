/** How the Node-side orchestrators start cli.ts on each command-line runtime. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bin = (name: string) => here(`../node_modules/.bin/${name}`);
const cli = here('./cli.ts');
/** Workspace packages resolve to their TypeScript sources, as under vitest. */
const source = '--conditions=@portcullis/source';

/** Each runtime's command line for cli.ts. Deno runs with no permissions: core needs none. */
const commands: Record<string, readonly [string, readonly string[]]> = {
  node: [process.execPath, [source, '--import', 'tsx', cli]],
  bun: [bin('bun'), [source, cli]],
  deno: [bin('deno'), ['run', source, cli]],
};

/** The command-line runtimes, in the order they run. */
export const cliRuntimes: readonly string[] = Object.keys(commands);

/** The worker entry the workerd runs bundle. */
export const workerEntry = here('./worker.ts');

/** Runs cli.ts on `runtime`; `ok` is false on a non-zero exit, with stderr in `stdout`. */
export async function runCli(runtime: string, args: readonly string[]) {
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

/** POSTs `body` as JSON to the worker and returns the answer, failing on a non-2xx status. */
export async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response;
}
