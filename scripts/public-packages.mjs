/**
 * The workspace's public packages: every `packages/*` whose package.json is not private.
 * The smoke test, the release script and the packaging check all start from this list, so
 * a new package is covered the moment it exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

/** @returns {{ dir: string, manifest: Record<string, any> }[]} */
export function publicPackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
}
