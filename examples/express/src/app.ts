/**
 * The Express example app: Portcullis' routes under /auth, the JWKS, a protected sample
 * route and, in development, the dev mailbox. The auth router parses (size-capped) JSON
 * itself, so no `express.json()` is mounted.
 */
import type { ExampleAuth, TextResponse } from '@portcullis/example-shared';
import {
  errorPage,
  mailboxHtmlPage,
  mailboxJsonPage,
  notFoundPage,
  profilePage,
  REPORTS_SCOPE,
  reportsPage,
  whoamiPage,
} from '@portcullis/example-shared';
import { jwksHandler, portcullisRouter, requireAuth } from '@portcullis/express';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';

function send(res: Response, response: TextResponse): void {
  res.status(response.status).set(response.headers);
  if (response.body === '') res.end();
  else res.send(response.body);
}

export function createExpressApp(example: ExampleAuth): Express {
  const { auth, httpOptions, mailbox, settings } = example;
  const app = express();
  // No `X-Powered-By: Express`: it tells attackers which exploits to try first.
  app.disable('x-powered-by');

  app.use('/auth', portcullisRouter(auth, httpOptions));
  app.get('/.well-known/jwks.json', jwksHandler(auth));
  app.get('/api/profile', requireAuth(auth, httpOptions), async (_req, res) =>
    send(res, await profilePage(auth, res.locals.portcullis)),
  );
  app.get('/api/whoami', requireAuth(auth, httpOptions), (_req, res) =>
    send(res, whoamiPage(res.locals.portcullis)),
  );
  app.get(
    '/api/reports',
    requireAuth(auth, httpOptions, { apiKeys: true, scopes: [REPORTS_SCOPE] }),
    (_req, res) => send(res, reportsPage(res.locals.portcullis)),
  );

  if (settings.devMailbox) {
    app.get('/dev/mailbox', async (req, res) =>
      send(res, await mailboxHtmlPage(mailbox, req.headers.host, httpOptions.allowedOrigins)),
    );
    app.get('/dev/mailbox.json', async (req, res) =>
      send(res, await mailboxJsonPage(mailbox, req.headers.host, httpOptions.allowedOrigins)),
    );
  }

  app.use((_req: Request, res: Response) => send(res, notFoundPage()));
  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) =>
    send(res, errorPage(error)),
  );
  return app;
}
