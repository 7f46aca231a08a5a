import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * One vitest run over every workspace package: each package or example that has a
 * `src/` or `test/` folder becomes a project named after its folder (examples get an
 * `example-` prefix, so `examples/hono` is `example-hono` beside `packages/hono`). Projects extend
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
    // A hang guard, not a speed check (speed is measured by `pnpm bench`): the 5 s default
    // tripped the argon2 reference vectors (64 MiB each) and property tests on a loaded
    // 2-core machine.
    testTimeout: 30_000,
    coverage: {
      include: ['packages/*/src/**'],
      exclude: ['**/*.test.ts', 'packages/bench/**'],
    },
    projects: projectRoots.map((root) => ({
      extends: true,
      test: {
        name: root.startsWith('examples/')
          ? `example-${root.slice('examples/'.length)}`
          : root.slice('packages/'.length),
        root,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});
