/**
 * Packs every public package with `pnpm pack` (its `prepack` builds `dist/`) and lints the
 * tarball exactly as it would be published: publint (strict: warnings fail) and
 * @arethetypeswrong/cli. attw runs the `esm-only` profile: the packages are ESM only, and
 * CommonJS callers load them through `require(esm)` (Node ≥ 20.19), which the smoke test's
 * CommonJS consumer proves at run time and type-checks with TypeScript's `nodenext` rules.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages, root } from '../public-packages.mjs';

/** @returns {{ name: string, tarball: string, peers: Record<string, string> }[]} */
export function packAll(destination) {
  const packed = publicPackages().map(({ dir, manifest }) => {
    const before = new Set(readdirSync(destination));
    execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, stdio: 'pipe' });
    const created = readdirSync(destination).filter((file) => !before.has(file));
    if (created.length !== 1) throw new Error(`pnpm pack of ${manifest.name} made: ${created}`);
    return {
      name: manifest.name,
      tarball: join(destination, created[0]),
      peers: manifest.peerDependencies ?? {},
    };
  });
  return packed;
}

export function lintTarballs(packed) {
  for (const { name, tarball } of packed) {
    run(['publint', 'run', '--strict', tarball], `publint ${name}`);
    run(['attw', '--profile', 'esm-only', '--format', 'ascii', tarball], `attw ${name}`);
  }
}

function run(args, label) {
  try {
    execFileSync('pnpm', ['exec', ...args], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    console.log(`  ok  ${label}`);
  } catch (error) {
    throw new Error(`${label} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}
