// docs/hono.md:33
import { auth } from './context.ts';
import { serve } from '@hono/node-server';
import type { HonoAuthOptions, PortcullisEnv } from '@portcullis/hono';
import { jwksHandler, portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
export async function snippet() {

const options: HonoAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  trustedProxies: ['10.0.0.0/8'], // only if a reverse proxy sits in front
};

const app = new Hono<PortcullisEnv>();
app.route('/auth', portcullisRoutes(auth, options));
app.get('/.well-known/jwks.json', jwksHandler(auth));
serve({ fetch: app.fetch, port: 3000 });
}
