// packages/adapter-postgres/README.md:20
import { config, mailer } from './context.ts';
import pg from 'pg';
import { createAuth } from '@portcullis/core';
import { createPostgresRepositories, migrate } from '@portcullis/adapter-postgres';
export async function snippet() {

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
pool.on('error', (error) => console.error('idle PostgreSQL client failed', error));

await migrate(pool); // or run `portcullis-migrate` in your deploy step
const auth = createAuth({ config, mailer, repos: createPostgresRepositories(pool) });
}
