/**
 * Builds the package in the current directory for publishing: an empty `dist/`, then
 * `tsc -p tsconfig.build.json` (JavaScript, `.d.ts` and source maps). Every public
 * package's `build` script runs it, and `prepack` runs `build`, so `pnpm pack` and
 * `pnpm publish` never ship a stale or missing `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
execFileSync('tsc', ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
