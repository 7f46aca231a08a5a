// README.md:86
import { setCookie } from './context.ts';
import { serve } from '@hono/node-server';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createAuth, generateAccessTokenKey } from '@portcullis/core';
import { portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
export async function snippet() {

const secret = process.env.AUTH_SECRET;
if (!secret) throw new Error('Set AUTH_SECRET, e.g. AUTH_SECRET=$(openssl rand -base64 32)');

const auth = createAuth({
  config: {
    secret,
    issuer: 'http://localhost:3000',
    audience: 'http://localhost:3000/api',
    accessToken: { keys: [await generateAccessTokenKey('EdDSA', 'key-1')] },
  },
  repos: createMemoryRepositories(), // for production: @portcullis/adapter-postgres
  // Verification codes and reset links. Print them for now; later, your mail provider.
  mailer: { send: async (mail) => console.log(mail) },
});

const options = { allowedOrigins: ['http://localhost:3000'] };
const app = new Hono();
app.route('/auth', portcullisRoutes(auth, options));
app.get('/api/me', requireAuth(auth, options), (c) => c.json(c.get('portcullis')));
serve({ fetch: app.fetch, port: 3000 }, () => console.log('http://localhost:3000'));
}
