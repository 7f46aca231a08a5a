/**
 * `pnpm release`: publishes every public package whose version is not on the registry yet
 * (`changeset publish`, which runs `pnpm publish` per package, so `workspace:^` becomes
 * `^version` and `prepack` builds `dist/`), then tags the release commit.
 *
 * `pnpm release --dry-run` (run by CI) does everything short of uploading: the same
 * `pnpm publish` per package with `--dry-run`, so a broken build, manifest or file list
 * fails CI, not a release. The flow around it is in CONTRIBUTING.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages, root } from './public-packages.mjs';

const dryRun = process.argv.includes('--dry-run');
const pending = readdirSync(join(root, '.changeset')).filter(
  (file) => file.endsWith('.md') && file !== 'README.md',
);

if (pending.length > 0 && !dryRun) {
  console.error(
    `${pending.length} changeset(s) not applied yet: run \`pnpm changeset version\`, review and commit the new versions and changelogs, then release.`,
  );
  process.exit(1);
}

if (dryRun) {
  for (const { dir, manifest } of publicPackages()) {
    console.log(`\n${manifest.name}@${manifest.version}`);
    execFileSync('pnpm', ['publish', '--dry-run', '--no-git-checks'], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
  console.log(`\nDry run: nothing was published (${pending.length} changeset(s) pending).`);
} else {
  execFileSync('pnpm', ['exec', 'changeset', 'publish'], { cwd: root, stdio: 'inherit' });
  console.log('\nPublished. Push the release tags: git push --follow-tags');
}
