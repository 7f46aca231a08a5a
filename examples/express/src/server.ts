/**
 * Starts the Express example on a Node HTTP server. The port is bound first, so `port: 0`
 * (a random free port, for tests) still yields the right default origin for the CSRF
 * check and mail links; requests are served once the app is wired.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningExample, StartOptions } from '@portcullis/example-shared';
import {
  createExampleAuth,
  listenStartupError,
  readExampleSettings,
  runningExample,
} from '@portcullis/example-shared';
import { createExpressApp } from './app.ts';

const DEFAULT_PORT = 3001;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export async function startExpressExample(options: StartOptions = {}): Promise<RunningExample> {
  const env = options.env ?? process.env;
  // Fail on a bad setting before binding the port.
  const requested = options.port ?? readExampleSettings(env, DEFAULT_PORT).port;
  let listener: Listener | undefined;
  const server = createServer((req, res) => {
    if (listener) return listener(req, res);
    // The store is still opening (PGlite takes a few seconds): ask the client to retry.
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    res.end('Starting, try again in a moment.\n');
  });
  const hostname = env.HOST?.trim() || '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error) => reject(listenStartupError(error, requested, hostname)));
    server.listen(requested, hostname);
  });
  const close = () =>
    new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );

  const { port } = server.address() as AddressInfo;
  try {
    const example = await createExampleAuth(
      { ...env, PORT: String(port) },
      { defaultPort: DEFAULT_PORT },
    );
    listener = createExpressApp(example);
    return runningExample(port, example, close);
  } catch (error) {
    await close();
    throw error;
  }
}
