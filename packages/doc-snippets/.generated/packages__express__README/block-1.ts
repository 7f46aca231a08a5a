// packages/express/README.md:21
import { auth } from './context.ts';
import express from 'express';
import { jwksHandler, portcullisRouter, requireAuth } from '@portcullis/express';
export async function snippet() {

const options = { allowedOrigins: ['https://app.example.com'] };
const app = express();
app.use('/auth', portcullisRouter(auth, options)); // no express.json() needed
app.get('/.well-known/jwks.json', jwksHandler(auth));
app.get('/api/me', requireAuth(auth, options), (_req, res) => {
  res.json({ userId: res.locals.portcullis.userId });
});
app.listen(3001);
}
