/**
 * The Worker's Hono app: the same routes as the Hono example (auth API under /auth, JWKS,
 * a protected route, the dev mailbox when enabled) without the Node server and demo page.
 */
import type { TextResponse } from '@portcullis/example-shared/web';
import {
  errorPage,
  mailboxHtmlPage,
  mailboxJsonPage,
  notFoundPage,
  profilePage,
  whoamiPage,
} from '@portcullis/example-shared/web';
import type { HonoAuthOptions, PortcullisVariables } from '@portcullis/hono';
import { jwksHandler, portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
import type { WorkerAuth } from './auth.ts';

function send(response: TextResponse): Response {
  return new Response(response.body === '' ? null : response.body, {
    status: response.status,
    headers: response.headers,
  });
}

/** Where the app runs: behind Cloudflare's edge, or on a local workerd with no edge. */
export interface WorkerPlacement {
  readonly devMailbox: boolean;
  readonly local: boolean;
}

export function createWorkerApp(
  { auth, mailbox, httpOptions }: WorkerAuth,
  { devMailbox, local }: WorkerPlacement,
): Hono<{ Variables: PortcullisVariables }> {
  const options: HonoAuthOptions = {
    ...httpOptions,
    // Cloudflare's edge sets CF-Connecting-IP to the client's address, replacing any value
    // the client sent; a Worker has no socket peer to read. A local workerd has no edge, so
    // there the header is the client's own word (a fresh rate-limit bucket per request):
    // every local client counts as loopback instead.
    remoteAddress: local ? () => '127.0.0.1' : (c) => c.req.header('cf-connecting-ip'),
  };
  const app = new Hono<{ Variables: PortcullisVariables }>();
  app.route('/auth', portcullisRoutes(auth, options));
  app.get('/.well-known/jwks.json', jwksHandler(auth));
  app.get('/api/profile', requireAuth(auth, options), async (c) =>
    send(await profilePage(auth, c.get('portcullis'))),
  );
  app.get('/api/whoami', requireAuth(auth, options), (c) => send(whoamiPage(c.get('portcullis'))));
  if (devMailbox) {
    const origins = httpOptions.allowedOrigins;
    app.get('/dev/mailbox', async (c) =>
      send(await mailboxHtmlPage(mailbox, c.req.header('host'), origins)),
    );
    app.get('/dev/mailbox.json', async (c) =>
      send(await mailboxJsonPage(mailbox, c.req.header('host'), origins)),
    );
  }
  app.notFound(() => send(notFoundPage()));
  app.onError((error) => send(errorPage(error)));
  return app;
}
