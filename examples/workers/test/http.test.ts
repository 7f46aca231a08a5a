/**
 * The Workers example under a real workerd (Node.js compatibility off), over HTTP: the example HTTP
 * suite's route and attack cases, the Worker's rate limits, and its refusal to run
 * misconfigured. Every password hash here runs inside a Worker request, where hash-wasm is
 * refused, so each sign-up and sign-in also proves core's engine fallback.
 */
import { randomBytes } from 'node:crypto';
import {
  bundleWorker,
  freePort,
  type RunningWorker,
  startWorker,
} from '@portcullis/conformance/workerd';
import { ApiClient, describeHttpRoutes } from '@portcullis/example-shared/http-suite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = new URL('../src/worker.ts', import.meta.url).pathname;
let script = '';
const running: RunningWorker[] = [];

async function start(bindings: Record<string, string>) {
  script ||= await bundleWorker(entry);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const worker = await startWorker(script, {
    port,
    bindings: {
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      APP_ORIGIN: origin,
      ...bindings,
    },
  });
  running.push(worker);
  return new ApiClient(worker.url);
}

afterAll(async () => {
  await Promise.all(running.map((worker) => worker.stop()));
});

describe('Workers example on workerd', { timeout: 60_000 }, () => {
  let client: ApiClient | undefined;
  beforeAll(async () => {
    // Every case signs up and in from one address: far past what limits allow.
    client = await start({ DEV_MAILBOX: 'on', RATE_LIMITS: 'off' });
  }, 60_000);
  describeHttpRoutes(() => {
    if (!client) throw new Error('workerd did not start');
    return client;
  });

  it('limits sign-in per address and email: the 11th attempt is 429 with Retry-After', async () => {
    const api = await start({});
    const attempt = () =>
      api.request('POST', '/auth/sign-in', {
        json: { email: 'ada@example.com', password: 'not the password at all' },
        headers: { 'cf-connecting-ip': '198.51.100.7' },
      });
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not believe a client-sent CF-Connecting-IP on a local workerd (no edge replaces it)', async () => {
    const api = await start({});
    const attempt = (i: number) =>
      api.request('POST', '/auth/sign-in', {
        json: { email: 'grace@example.com', password: 'not the password at all' },
        headers: { 'cf-connecting-ip': `198.51.100.${i}` },
      });
    for (let i = 0; i < 10; i++) expect((await attempt(i)).status).toBe(401);
    expect((await attempt(10)).status).toBe(429);
  });

  it('refuses to serve without AUTH_SECRET, saying why, and mounts no mailbox by default', async () => {
    const broken = await start({ AUTH_SECRET: 'short' });
    const response = await broken.get('/auth/me');
    expect(response.status).toBe(500);
    expect(response.text).toContain('AUTH_SECRET');
    const plain = await start({});
    expect((await plain.get('/dev/mailbox.json')).status).toBe(404);
  });
});
