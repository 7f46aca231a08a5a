/**
 * What an operator sees when an app cannot start: `pnpm start` (the real `src/main.ts`, in
 * a child process) prints exactly one line, `Cannot start: …`, with no stack trace, names
 * the setting to change and never echoes a password, and exits 1.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

interface Run {
  readonly code: number | null;
  readonly stderr: string;
}

function runMain(appDir: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--conditions=@portcullis/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: appDir,
      // A fixed secret keeps the generated-secret warning out of stderr.
      env: { PATH: process.env.PATH, NODE_ENV: 'development', AUTH_SECRET: 'x'.repeat(32), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

export function describeStartupFailures(appDir: string): void {
  describe('start-up failures: one line, no stack trace', { timeout: 60_000 }, () => {
    it('names PORT when the port is in use', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as AddressInfo;
      try {
        expect(await runMain(appDir, { PORT: String(port) })).toEqual({
          code: 1,
          stderr: `Cannot start: Port ${port} is in use; set PORT\n`,
        });
      } finally {
        blocker.close();
      }
    });

    it('names DATABASE_URL, host and port when PostgreSQL cannot be reached, without the password', async () => {
      const run = await runMain(appDir, {
        PORT: '0',
        DATABASE_URL: 'postgres://app:hunter2-secret@127.0.0.1:1/app',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Cannot start: Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(DATABASE_URL\): .*ECONNREFUSED.*\n$/,
      );
      expect(run.stderr).not.toContain('hunter2');
    });

    it('refuses a malformed DATABASE_URL without echoing it', async () => {
      for (const url of ['not a url hunter2', 'mysql://root:hunter2@db/app']) {
        const run = await runMain(appDir, { PORT: '0', DATABASE_URL: url });
        expect(run.code, url).toBe(1);
        expect(run.stderr, url).toMatch(/^Cannot start: DATABASE_URL must be a .+\n$/);
        expect(run.stderr, url).not.toContain('hunter2');
      }
    });

    it('names REDIS_URL, host and port when Redis cannot be reached', async () => {
      const run = await runMain(appDir, { PORT: '0', REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Cannot start: Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\): .*ECONNREFUSED[^\n]*\n$/,
      );
      expect(run.stderr).not.toContain('hunter2');
    });
  });
}
