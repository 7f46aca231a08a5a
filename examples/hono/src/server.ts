/**
 * Starts the Hono example on a Node HTTP server. The port is bound first, so `port: 0`
 * (a random free port, for tests) still yields the right default origin for the CSRF
 * check and mail links; requests are served once the app is wired.
 */
import type { AddressInfo } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import { serve } from '@hono/node-server';
import type { RunningExample, StartOptions } from '@portcullis/example-shared';
import {
  createExampleAuth,
  listenStartupError,
  readExampleSettings,
  runningExample,
} from '@portcullis/example-shared';
import { createHonoApp } from './app.ts';

/** The store is still opening (PGlite takes a few seconds): ask the client to retry. */
function starting(): Response {
  return new Response('Starting, try again in a moment.\n', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' },
  });
}

type FetchHandler = (request: Request, bindings: HttpBindings) => Response | Promise<Response>;

export async function startHonoExample(options: StartOptions = {}): Promise<RunningExample> {
  const env = options.env ?? process.env;
  // Fail on a bad setting before binding the port.
  const requested = options.port ?? readExampleSettings(env, 3000).port;
  const hostname = env.HOST?.trim() || '127.0.0.1';
  let handler: FetchHandler | undefined;
  const server = serve({
    fetch: (request, bindings) =>
      handler ? handler(request, bindings as HttpBindings) : starting(),
    port: requested,
    hostname,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error) => reject(listenStartupError(error, requested, hostname)));
  });
  const close = () =>
    new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );

  const { port } = server.address() as AddressInfo;
  try {
    const example = await createExampleAuth({ ...env, PORT: String(port) });
    const app = createHonoApp(example);
    handler = (request, bindings) => app.fetch(request, bindings);
    return runningExample(port, example, close);
  } catch (error) {
    await close();
    throw error;
  }
}
