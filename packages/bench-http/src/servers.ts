import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A server running in its own process, so each side has its own event loop and heap. */
export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

/** Runs `script` (relative to the package `dir`, whose own tsx loads it). */
function start(
  dir: string,
  script: string,
  port: number,
  env: Record<string, string>,
): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', script],
    {
      cwd: `${root}${dir}`,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = `http://localhost:${port}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 120 s`)), 120_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!/ready on|Portcullis Hono example/.test(output)) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** The Hono example as a user runs it, on PostgreSQL, rate limits off, bearer `mode`. */
export function startPortcullis(
  port: number,
  databaseUrl: string,
  mode: 'strict' | 'stateless',
): Promise<Server> {
  return start('examples/hono', 'src/main.ts', port, {
    DATABASE_URL: databaseUrl,
    RATE_LIMITS: 'off',
    BEARER_MODE: mode,
    // Both Portcullis servers accept each other's tokens: one issuer, one audience, one key.
    AUTH_ISSUER: 'https://bench-http.portcullis.test',
    AUTH_AUDIENCE: 'bench-http',
    AUTH_SECRET: 'bench-http-secret-bench-http-secret-0123',
    NODE_ENV: 'development',
  });
}

export function startBetterAuth(port: number, databaseUrl: string): Promise<Server> {
  return start('packages/bench-http', 'src/better-auth-server.ts', port, {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: 'bench-http-secret-bench-http-secret-0123',
  });
}
