/**
 * A CommonJS app built only on the published packages. TypeScript compiles these imports
 * to `require()` of the ESM-only packages, which Node ≥ 20.19 loads. Express on a real
 * socket, cookie sessions, the memory adapter.
 */
import type { AddressInfo } from 'node:net';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuthMail } from '@portcullis/core';
import { createAuth, generateAccessTokenKey } from '@portcullis/core';
import { portcullisRouter, requireAuth } from '@portcullis/express';
import express from 'express';

const ORIGIN = 'https://consumer.example';

async function main(): Promise<void> {
  const outbox: AuthMail[] = [];
  const auth = createAuth({
    config: {
      secret: crypto.getRandomValues(new Uint8Array(32)),
      issuer: ORIGIN,
      audience: `${ORIGIN}/api`,
      accessToken: { keys: [await generateAccessTokenKey('HS256', 'k1')] },
    },
    repos: createMemoryRepositories(),
    mailer: { send: async (mail) => void outbox.push(mail) },
  });
  const options = { allowedOrigins: [ORIGIN] };
  const app = express();
  app.use('/auth', portcullisRouter(auth, options));
  app.get('/api/me', requireAuth(auth, options), (_req, res) => {
    res.json({ userId: res.locals.portcullis.userId });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    const post = (path: string, body: unknown, cookie = '') =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, cookie },
        body: JSON.stringify(body),
      });
    const email = `cjs-${Date.now()}@consumer.example`;
    const password = 'correct horse battery staple';

    check((await post('/auth/sign-up', { email, password })).status, 202, 'sign-up');
    const mail = outbox.find((item) => item.type === 'email_verification_code');
    if (mail?.type !== 'email_verification_code') throw new Error('no verification code mailed');
    check((await post('/auth/verify-email', { email, code: mail.code })).status, 200, 'verify');
    const signIn = await post('/auth/sign-in', { email, password });
    check(signIn.status, 200, 'sign-in');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    check((await fetch(`${base}/api/me`)).status, 401, 'anonymous call');
    const me = await fetch(`${base}/api/me`, { headers: { cookie } });
    check(me.status, 200, 'protected call');
    const { userId } = (await me.json()) as { userId: string };
    check((await post('/auth/sign-out', {}, cookie)).status, 204, 'sign-out');
    check((await fetch(`${base}/api/me`, { headers: { cookie } })).status, 401, 'after sign-out');
    console.log(`cjs/express/memory: signed in as ${userId}, then signed out`);
  } finally {
    server.close();
  }
}

function check(actual: number, wanted: number, step: string): void {
  if (actual !== wanted) throw new Error(`${step}: status ${actual}, expected ${wanted}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
