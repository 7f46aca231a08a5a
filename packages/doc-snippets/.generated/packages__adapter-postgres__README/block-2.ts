// packages/adapter-postgres/README.md:43
import { config, mailer } from './context.ts';
import { openEmbeddedDatabase } from '@portcullis/adapter-postgres/pglite';
export async function snippet() {

const { repos, close } = await openEmbeddedDatabase(); // in memory
// or openEmbeddedDatabase({ dataDir: './.portcullis-data' }) to keep data across restarts
}
