/** Wires core for the Worker: memory repositories, keys from AUTH_SECRET, the dev mailbox. */
import { createMemoryRateLimitStore, createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Auth } from '@portcullis/core';
import { createAuth, createRateLimiter, deriveKeys } from '@portcullis/core';
import { DevMailbox } from '@portcullis/example-shared/web';
import type { AuthHttpOptions } from '@portcullis/http';
import type { WorkerSettings } from './settings.ts';

export interface WorkerAuth {
  readonly auth: Auth;
  readonly mailbox: DevMailbox;
  readonly httpOptions: AuthHttpOptions;
}

/**
 * The Worker's auth. Password hashing needs no option: core's default engine sees that a
 * Worker refuses to compile WebAssembly in a request and hashes in plain JavaScript.
 * The memory store lives as long as the isolate: a demo, not a deployment (docs/runtimes.md).
 */
function passkeysFor(origin: string) {
  const url = new URL(origin);
  if (['127.0.0.1', 'localhost'].includes(url.hostname)) url.hostname = 'localhost';
  return { rpId: url.hostname, rpName: 'Portcullis example', origins: [url.origin] };
}

export async function createWorkerAuth(settings: WorkerSettings): Promise<WorkerAuth> {
  // HKDF over WebCrypto: one secret binding, an independent key per use.
  const keys = await deriveKeys(settings.secret);
  const mailbox = new DevMailbox({ linkBase: settings.origin });
  const auth = createAuth({
    config: {
      secret: keys.serverSecret,
      issuer: settings.origin,
      audience: settings.origin,
      accessToken: {
        keys: [{ kid: 'example-hs256', alg: 'HS256', secret: keys.accessTokenSecret }],
      },
      // As in the Node examples: links open the demo page; a link or code may sign up.
      passwordless: { linkUrl: new URL('/', settings.origin).href, signUp: true },
      // TOTP secrets sealed with AUTH_SECRET's own key, as in the Node examples.
      mfa: { secretBoxKeys: [{ id: 'example-1', key: keys.secretBoxKey }] },
      // Passkeys belong to the origin's host (`localhost` locally: an IP address cannot be
      // a relying party), as in the Node examples.
      passkeys: passkeysFor(settings.origin),
    },
    repos: createMemoryRepositories(),
    mailer: mailbox,
  });
  const rateLimiter = settings.rateLimits
    ? createRateLimiter({ store: createMemoryRateLimitStore(), secret: keys.rateLimitSecret })
    : null;
  const httpOptions: AuthHttpOptions = {
    allowedOrigins: [settings.origin],
    // The client address comes from CF-Connecting-IP (app.ts); no proxy header is trusted.
    trustedProxies: [],
    cookie: { secure: !(settings.local && settings.origin.startsWith('http:')) },
    stepUp: { maxAge: 15 * 60 },
    // The scope the Node examples grant signed-in users (the shared HTTP suite checks it).
    scopes: ['reports:read'],
    ...(rateLimiter ? { rateLimiter } : {}),
  };
  return { auth, mailbox, httpOptions };
}
