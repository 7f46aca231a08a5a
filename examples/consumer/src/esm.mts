/**
 * An ESM app built only on the published packages: Hono, bearer tokens, the memory
 * adapter — then the same flow on PostgreSQL when DATABASE_URL is set (the schema named by
 * PORTCULLIS_SCHEMA must have been migrated with `portcullis-migrate`).
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createPostgresRepositories } from '@portcullis/adapter-postgres';
import type { AuthMail, Repositories } from '@portcullis/core';
import { createAuth, generateAccessTokenKey } from '@portcullis/core';
import type { PortcullisEnv } from '@portcullis/hono';
import { portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
import pg from 'pg';

async function signUpToProtectedCall(repos: Repositories): Promise<string> {
  const outbox: AuthMail[] = [];
  const auth = createAuth({
    config: {
      secret: crypto.getRandomValues(new Uint8Array(32)),
      issuer: 'https://consumer.example',
      audience: 'https://consumer.example/api',
      accessToken: { keys: [await generateAccessTokenKey('EdDSA', 'k1')] },
    },
    repos,
    mailer: { send: async (mail) => void outbox.push(mail) },
  });
  const options = { allowedOrigins: ['https://consumer.example'] };
  const app = new Hono<PortcullisEnv>();
  app.route('/auth', portcullisRoutes(auth, options));
  app.get('/api/me', requireAuth(auth, options), (c) => c.json(c.get('portcullis')));

  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const email = `esm-${Date.now()}@consumer.example`;
  const password = 'correct horse battery staple';

  check((await post('/auth/sign-up', { email, password })).status, 202, 'sign-up');
  const mail = outbox.find((item) => item.type === 'email_verification_code');
  if (mail?.type !== 'email_verification_code') throw new Error('no verification code mailed');
  check((await post('/auth/verify-email', { email, code: mail.code })).status, 200, 'verify');
  const signIn = await post('/auth/sign-in', { email, password, mode: 'bearer' });
  check(signIn.status, 200, 'sign-in');
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const anonymous = await app.request('/api/me');
  check(anonymous.status, 401, 'anonymous call');
  const me = await app.request('/api/me', { headers: { authorization: `Bearer ${accessToken}` } });
  check(me.status, 200, 'protected call');
  return ((await me.json()) as { userId: string }).userId;
}

function check(actual: number, wanted: number, step: string): void {
  if (actual !== wanted) throw new Error(`${step}: status ${actual}, expected ${wanted}`);
}

console.log(
  `esm/hono/memory: signed in as ${await signUpToProtectedCall(createMemoryRepositories())}`,
);

const url = process.env.DATABASE_URL;
if (url) {
  const pool = new pg.Pool({ connectionString: url });
  try {
    const repos = createPostgresRepositories(pool, {
      schema: process.env.PORTCULLIS_SCHEMA ?? 'portcullis',
    });
    console.log(`esm/hono/postgres: signed in as ${await signUpToProtectedCall(repos)}`);
  } finally {
    await pool.end();
  }
}
