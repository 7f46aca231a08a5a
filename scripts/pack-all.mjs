/**
 * `pnpm pack-all <folder>`: builds and packs every public package into <folder> (created
 * if missing), for installing Portcullis with npm before it is published — see
 * "Use it in your app" in README.md.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { packAll } from './smoke/pack.mjs';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: pnpm pack-all <folder>');
  process.exit(2);
}
const destination = resolve(process.env.INIT_CWD ?? process.cwd(), folder);
mkdirSync(destination, { recursive: true });
for (const { tarball } of packAll(destination)) console.log(tarball);
