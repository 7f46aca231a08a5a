import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * One vitest run over every workspace package: each package or example that has a
 * `src/` or `test/` folder becomes a project named after its folder. Projects extend
 * this root config, so the `@portcullis/source` export condition (workspace packages
 * resolve to their TypeScript sources, no build needed) applies everywhere.
 */
const projectRoots = ['packages', 'examples'].flatMap((group) =>
  existsSync(group)
    ? readdirSync(group)
        .filter((name) => existsSync(`${group}/${name}/src`) || existsSync(`${group}/${name}/test`))
        .map((name) => `${group}/${name}`)
    : [],
);

export default defineConfig({
  resolve: { conditions: ['@portcullis/source'] },
  ssr: { resolve: { conditions: ['@portcullis/source'] } },
  test: {
    coverage: {
      include: ['packages/*/src/**'],
      exclude: ['**/*.test.ts', 'packages/bench/**'],
    },
    projects: projectRoots.map((root) => ({
      extends: true,
      test: {
        name: root.split('/')[1] ?? root,
        root,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});
