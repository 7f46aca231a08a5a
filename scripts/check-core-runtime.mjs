#!/usr/bin/env node
// Fails when @portcullis/core imports something that would tie it to one runtime:
// a Node built-in (with or without the `node:` prefix) or any package outside the
// runtime-neutral allowlist. Only `src/node/` (the `@portcullis/core/node` entry) may
// use Node built-ins. Test files may also import the test tooling.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('../packages/core/src/', import.meta.url).pathname;
const runtimeNeutral = [
  'hash-wasm',
  'jose',
  'valibot',
  '@noble/hashes',
  'bcrypt-ts',
  'otpauth',
  '@simplewebauthn/server',
  // CBOR, pure JS; @simplewebauthn/server decodes with it too.
  '@levischuck/tiny-cbor',
  '@zxcvbn-ts/language-common',
];
const testOnly = ['vitest', 'fast-check'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const specifierPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) yield path;
  }
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const problems = [];
for (const file of sourceFiles(root)) {
  const path = relative(root, file);
  const nodeEntry = path.startsWith('node/') || path.startsWith(`node${'\\'}`);
  const isTest = /\.test\.ts$/.test(path);
  for (const match of readFileSync(file, 'utf8').matchAll(specifierPattern)) {
    const specifier = match[1];
    if (specifier.startsWith('.')) continue;
    if (builtins.has(specifier) || specifier.startsWith('node:')) {
      if (!nodeEntry)
        problems.push(`${path}: imports Node built-in "${specifier}" outside src/node/`);
      continue;
    }
    const name = packageName(specifier);
    if (runtimeNeutral.includes(name) || (isTest && testOnly.includes(name))) continue;
    problems.push(`${path}: imports "${specifier}", which is not on the runtime-neutral allowlist`);
  }
}

if (problems.length > 0) {
  console.error(`@portcullis/core must stay runtime-neutral:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('core runtime check: no Node built-ins or framework imports outside src/node/');
