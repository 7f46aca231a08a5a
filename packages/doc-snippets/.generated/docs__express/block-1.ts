// docs/express.md:32
import { auth } from './context.ts';
import type { ExpressAuthOptions } from '@portcullis/express';
import { jwksHandler, portcullisRouter, requireAuth } from '@portcullis/express';
import express from 'express';
export async function snippet() {

const options: ExpressAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  trustedProxies: ['10.0.0.0/8'], // only if a reverse proxy sits in front
};

const app = express();
app.disable('x-powered-by');
app.use('/auth', portcullisRouter(auth, options)); // no express.json() needed
app.get('/.well-known/jwks.json', jwksHandler(auth));
app.listen(3001);
}
