/**
 * `pnpm lint` step: every public package (packages/* not marked private) follows the
 * packaging rules that make `pnpm pack` produce a tarball a stranger can install. The
 * smoke test (`pnpm smoke`) then proves the tarballs themselves; this check catches a
 * missing rule in a second, before anything is built. CONTRIBUTING.md lists the rules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages } from './public-packages.mjs';

const problems = [];
const workspaceNames = new Set(publicPackages().map(({ manifest }) => manifest.name));

for (const { dir, manifest } of publicPackages()) {
  const fail = (problem) => problems.push(`${manifest.name}: ${problem}`);
  if (manifest.type !== 'module') fail('"type" must be "module"');
  if (!manifest.license) fail('needs a "license"');
  if (!manifest.engines?.node) fail('needs "engines.node"');
  if (manifest.publishConfig?.access !== 'public') fail('needs "publishConfig.access": "public"');
  if (!manifest.files?.includes('dist')) fail('"files" must include "dist"');
  if (manifest.scripts?.build !== 'node ../../scripts/build-package.mjs') {
    fail('"scripts.build" must be "node ../../scripts/build-package.mjs"');
  }
  if (manifest.scripts?.prepack !== 'pnpm run build')
    fail('"scripts.prepack" must be "pnpm run build"');
  for (const file of ['README.md', 'tsconfig.build.json']) {
    if (!existsSync(join(dir, file))) fail(`needs ${file}`);
  }
  for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
    checkExport(entry, target, fail);
  }
  if (!manifest.exports) fail('needs an "exports" map');
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (workspaceNames.has(name) && range !== 'workspace:^') {
        fail(`${field}.${name} must be "workspace:^" (published as ^version)`);
      }
    }
  }
}

function checkExport(entry, target, fail) {
  const conditions = typeof target === 'object' && target !== null ? Object.keys(target) : [];
  const published = conditions.filter((condition) => condition !== '@portcullis/source');
  if (published[0] !== 'types' || published.at(-1) !== 'default') {
    fail(`exports["${entry}"]: "types" must come first and "default" last`);
    return;
  }
  if (!/^\.\/dist\/.+\.d\.ts$/.test(target.types))
    fail(`exports["${entry}"].types must be dist/*.d.ts`);
  if (!/^\.\/dist\/.+\.js$/.test(target.default))
    fail(`exports["${entry}"].default must be dist/*.js`);
}

if (problems.length > 0) {
  console.error(`Packaging rules (see CONTRIBUTING.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
