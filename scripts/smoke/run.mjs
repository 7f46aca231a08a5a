/**
 * `pnpm smoke` (run by .ci/run): what a stranger meets when installing Portcullis.
 *
 * 1. Packs and lints every public package (pack.mjs).
 * 2. Copies examples/consumer to a temporary folder outside the workspace, points its
 *    dependencies at the tarballs (every public package is installed, so none can come
 *    from the registry), adds every peer dependency and installs with plain npm.
 * 3. Imports and requires every entry point of every package.
 * 4. Compiles the consumer with TypeScript against the published `.d.ts`, runs its
 *    CommonJS app (Express, memory adapter) and its ESM app (Hono, memory adapter).
 * 5. Runs `portcullis-migrate` against DATABASE_URL in a fresh schema (twice: apply, then
 *    "up to date"), runs the ESM app on that schema, and drops it.
 *
 * KEEP_SMOKE=1 keeps the temporary folder for inspection.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../public-packages.mjs';
import { lintTarballs, packAll } from './pack.mjs';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const work = mkdtempSync(join(tmpdir(), 'portcullis-smoke-'));
const app = join(work, 'app');
const schema = `smoke_${process.pid}_${Date.now()}`;

try {
  step('pack and lint every public package');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = packAll(tarballs);
  lintTarballs(packed);

  step(`install the tarballs with npm into ${app}`);
  cpSync(join(root, 'examples/consumer'), app, {
    recursive: true,
    filter: (source) => !/node_modules|dist|tsconfig\.workspace/.test(source),
  });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  for (const { name, tarball, peers } of packed) {
    // Optional peers too (pg, PGlite, ioredis, ...), so every entry point can load.
    for (const [peer, range] of Object.entries(peers)) manifest.dependencies[peer] ??= range;
    manifest.dependencies[name] = `file:${tarball}`;
  }
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
  for (const { name } of packed) {
    const resolved = lock.packages[`node_modules/${name}`]?.resolved ?? '';
    if (!resolved.startsWith('file:')) throw new Error(`${name} did not come from its tarball`);
  }

  step('import and require every entry point');
  const specifiers = packed.flatMap(({ name }) => {
    const exports = JSON.parse(
      readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8'),
    ).exports;
    return Object.keys(exports).map((key) => (key === '.' ? name : `${name}${key.slice(1)}`));
  });
  const list = JSON.stringify(specifiers);
  sh('node', ['--input-type=module', '-e', `for (const s of ${list}) await import(s);`]);
  sh('node', ['--input-type=commonjs', '-e', `for (const s of ${list}) require(s);`]);
  console.log(`  ok  ${specifiers.length} entry points`);

  step('type-check and build the consumer against the published types');
  sh('npx', ['tsc', '-p', 'tsconfig.json']);

  step('CommonJS consumer: sign-up → verify → sign-in → protected call (Express, memory)');
  sh('node', ['dist/cjs.cjs'], { DATABASE_URL: '' });

  step(`portcullis-migrate into schema ${schema} at DATABASE_URL`);
  const env = { DATABASE_URL: databaseUrl, PORTCULLIS_SCHEMA: schema };
  expectOutput(
    sh('npx', ['portcullis-migrate', '--schema', schema], env),
    /: applied .+ \(now version \d+\)/,
  );
  expectOutput(sh('npx', ['portcullis-migrate', '--schema', schema], env), /is up to date/);

  step('ESM consumer: the same flow with bearer tokens (Hono, memory, then Postgres)');
  expectOutput(sh('node', ['dist/esm.mjs'], env), /esm\/hono\/postgres: signed in/);
} finally {
  dropSchema();
  if (process.env.KEEP_SMOKE) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
console.log('\nsmoke test passed');

function step(title) {
  console.log(`\n▶ ${title}`);
}

function sh(command, args, env = {}) {
  let output;
  try {
    output = execFileSync(command, args, {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}`);
  }
  if (output.trim()) console.log(output.trimEnd().replace(/^/gm, '  '));
  return output;
}

function expectOutput(output, pattern) {
  if (!pattern.test(output)) throw new Error(`expected output matching ${pattern}`);
}

function dropSchema() {
  try {
    const drop = `const pg = require('pg'); const c = new pg.Client(process.env.DATABASE_URL);
      c.connect().then(() => c.query('DROP SCHEMA IF EXISTS "${schema}" CASCADE')).finally(() => c.end());`;
    execFileSync('node', ['-e', drop], {
      cwd: app,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch {
    // Nothing was installed or migrated yet; there is no schema to drop.
  }
}
