// docs/getting-started.md:52
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import pg from 'pg';
import { createPostgresRepositories, migrate } from '@portcullis/adapter-postgres';
export async function snippet() {

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
await migrate(pool); // or `npx portcullis-migrate` in your deploy step
const repos = createPostgresRepositories(pool);
}
