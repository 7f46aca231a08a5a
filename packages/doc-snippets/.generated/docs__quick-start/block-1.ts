// docs/quick-start.md:92
import { mailQueue } from './context.ts';
import { serve } from '@hono/node-server';
import { createPostgresRepositories, migrate } from '@portcullis/adapter-postgres';
import { createAuth } from '@portcullis/core';
import type { PortcullisEnv } from '@portcullis/hono';
import { jwksHandler, portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
import pg from 'pg';
export async function snippet() {

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
pool.on('error', (error) => console.error('idle PostgreSQL client failed', error));
await migrate(pool);

const auth = createAuth({
  config: {
    secret: process.env.AUTH_SECRET!, // ≥ 32 bytes
    issuer: 'https://app.example.com',
    audience: 'https://app.example.com/api',
    accessToken: {
      keys: [
        {
          kid: '2026-01',
          alg: 'HS256',
          secret: Buffer.from(process.env.ACCESS_TOKEN_KEY!, 'base64'), // 32 random bytes
        },
      ],
    },
  },
  repos: createPostgresRepositories(pool),
  // Verification codes and reset links arrive here: queue them for your mail provider.
  mailer: { send: async (mail) => mailQueue.add(mail) },
});

const http = { allowedOrigins: ['https://app.example.com'] };
const app = new Hono<PortcullisEnv>();
app.route('/auth', portcullisRoutes(auth, http));
app.get('/.well-known/jwks.json', jwksHandler(auth));
app.get('/api/profile', requireAuth(auth, http), (c) =>
  c.json({ userId: c.get('portcullis').userId }),
);
serve({ fetch: app.fetch, port: 3000 });
}
