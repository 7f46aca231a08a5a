/**
 * The Hono example app: Portcullis' routes under /auth, the JWKS, a protected sample route,
 * the demo page and, in development, the dev mailbox.
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
import type { PortcullisApiKeyEnv, PortcullisVariables } from '@portcullis/hono';
import { jwksHandler, portcullisRoutes, requireAuth } from '@portcullis/hono';
import { Hono } from 'hono';
import {
  demoCss,
  demoHtml,
  demoMfaScript,
  demoOAuthScript,
  demoPasskeysScript,
  demoScript,
  simpleWebAuthnBrowserScript,
} from './demo/index.ts';

/**
 * The demo page runs only its own script and styles. `same-origin` referrers, not
 * `no-referrer`: under `no-referrer` browsers send `Origin: null` on POST (Fetch §3.2),
 * which the CSRF check rightly refuses.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

function send(response: TextResponse): Response {
  return new Response(response.body === '' ? null : response.body, {
    status: response.status,
    headers: response.headers,
  });
}

export function createHonoApp(example: ExampleAuth): Hono<{ Variables: PortcullisVariables }> {
  const { auth, httpOptions, mailbox, settings } = example;
  const app = new Hono<{ Variables: PortcullisVariables }>();

  app.route('/auth', portcullisRoutes(auth, httpOptions));
  app.get('/.well-known/jwks.json', jwksHandler(auth));
  app.get('/api/profile', requireAuth(auth, httpOptions), async (c) =>
    send(await profilePage(auth, c.get('portcullis'))),
  );
  app.get('/api/whoami', requireAuth(auth, httpOptions), (c) =>
    send(whoamiPage(c.get('portcullis'))),
  );
  // A route API keys may call too: its own sub-app, typed for either kind of caller.
  const keyRoutes = new Hono<PortcullisApiKeyEnv>();
  keyRoutes.get(
    '/reports',
    requireAuth(auth, httpOptions, { apiKeys: true, scopes: [REPORTS_SCOPE] }),
    (c) => send(reportsPage(c.get('portcullis'))),
  );
  app.route('/api', keyRoutes);

  const demoFiles = [
    ['/', 'text/html; charset=utf-8', demoHtml],
    ['/demo.js', 'text/javascript; charset=utf-8', demoScript],
    ['/demo-mfa.js', 'text/javascript; charset=utf-8', demoMfaScript],
    ['/demo.css', 'text/css; charset=utf-8', demoCss],
    ['/demo-oauth.js', 'text/javascript; charset=utf-8', demoOAuthScript],
    ['/demo-passkeys.js', 'text/javascript; charset=utf-8', demoPasskeysScript],
    [
      '/vendor/simplewebauthn-browser.js',
      'text/javascript; charset=utf-8',
      simpleWebAuthnBrowserScript,
    ],
  ] as const;
  for (const [path, type, body] of demoFiles) {
    app.get(path, () =>
      send({ status: 200, headers: { ...PAGE_HEADERS, 'content-type': type }, body }),
    );
  }
  // Providers send the browser back here (each provider's redirectUri): the demo page
  // finishes the sign-in from its script.
  app.get('/oauth/callback/:provider', () =>
    send({
      status: 200,
      headers: { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' },
      body: demoHtml,
    }),
  );

  if (settings.devMailbox) {
    app.get('/dev/mailbox', async (c) =>
      send(await mailboxHtmlPage(mailbox, c.req.header('host'), httpOptions.allowedOrigins)),
    );
    app.get('/dev/mailbox.json', async (c) =>
      send(await mailboxJsonPage(mailbox, c.req.header('host'), httpOptions.allowedOrigins)),
    );
  }

  app.notFound(() => send(notFoundPage()));
  app.onError((error) => send(errorPage(error)));
  return app;
}
