// packages/hono/README.md:21
import { auth } from './context.ts';
import { serve } from '@hono/node-server';
import { jwksHandler, portcullisRoutes, requireAuth, type PortcullisEnv } from '@portcullis/hono';
import { Hono } from 'hono';
export async function snippet() {

const options = { allowedOrigins: ['https://app.example.com'] };
const app = new Hono<PortcullisEnv>();
app.route('/auth', portcullisRoutes(auth, options));
app.get('/.well-known/jwks.json', jwksHandler(auth));
app.get('/api/me', requireAuth(auth, options), (c) =>
  c.json({ userId: c.get('portcullis').userId }),
);
serve({ fetch: app.fetch, port: 3000 });
}
