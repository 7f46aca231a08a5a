/**
 * The comparison server: Better Auth 1.7 on Hono and PostgreSQL (its built-in Kysely
 * adapter over a `pg` Pool of 10, like the Portcullis example), email and password
 * sign-in, the bearer plugin, rate limits off (the Portcullis side runs RATE_LIMITS=off).
 * Run as its own process by main.ts: PORT, DATABASE_URL and AUTH_SECRET from the env.
 */
import { serve } from '@hono/node-server';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { bearer } from 'better-auth/plugins';
import { Hono } from 'hono';
import pg from 'pg';

const port = Number(process.env.PORT);
const auth = betterAuth({
  database: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }),
  secret: process.env.AUTH_SECRET,
  baseURL: `http://localhost:${port}`,
  emailAndPassword: { enabled: true, requireEmailVerification: false },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [bearer()],
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const app = new Hono();
app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));
serve({ fetch: app.fetch, port }, () => console.log(`ready on ${port}`));
