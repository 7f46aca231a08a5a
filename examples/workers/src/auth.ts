/** Wires core for the Worker: memory repositories, WebCrypto key derivation, the dev mailbox. */
import { createMemoryRateLimitStore, createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Auth } from '@portcullis/core';
import { createAuth, createRateLimiter } from '@portcullis/core';
import { DevMailbox } from '@portcullis/example-shared/web';
import type { AuthHttpOptions } from '@portcullis/http';
import type { WorkerSettings } from './settings.ts';

export interface WorkerAuth {
  readonly auth: Auth;
  readonly mailbox: DevMailbox;
  readonly httpOptions: AuthHttpOptions;
}

/** Independent 32-byte keys from AUTH_SECRET (HKDF-SHA256, RFC 5869) over WebCrypto. */
async function deriveKeys(secret: string, purposes: readonly string[]) {
  const encoder = new TextEncoder();
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
    'deriveBits',
  ]);
  const salt = encoder.encode('portcullis-example');
  return Promise.all(
    purposes.map(async (purpose) => {
      const params = { name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(purpose) };
      return new Uint8Array(await crypto.subtle.deriveBits(params, base, 256));
    }),
  );
}

/**
 * The Worker's auth. Password hashing needs no option: core's default engine sees that a
 * Worker refuses to compile WebAssembly in a request and hashes in plain JavaScript.
 * The memory store lives as long as the isolate: a demo, not a deployment (docs/runtimes.md).
 */
export async function createWorkerAuth(settings: WorkerSettings): Promise<WorkerAuth> {
  const [serverSecret, accessKey, rateLimitKey] = await deriveKeys(settings.secret, [
    'server-secret',
    'hs256',
    'rate-limit',
  ]);
  if (!serverSecret || !accessKey || !rateLimitKey) throw new Error('key derivation failed');
  const mailbox = new DevMailbox({ linkBase: settings.origin });
  const auth = createAuth({
    config: {
      secret: serverSecret,
      issuer: settings.origin,
      audience: settings.origin,
      accessToken: { keys: [{ kid: 'example-hs256', alg: 'HS256', secret: accessKey }] },
    },
    repos: createMemoryRepositories(),
    mailer: mailbox,
  });
  const rateLimiter = settings.rateLimits
    ? createRateLimiter({ store: createMemoryRateLimitStore(), secret: rateLimitKey })
    : null;
  const httpOptions: AuthHttpOptions = {
    allowedOrigins: [settings.origin],
    // Cloudflare sets CF-Connecting-IP itself (clientIp below); no proxy header is trusted.
    trustedProxies: [],
    cookie: { secure: !(settings.local && settings.origin.startsWith('http:')) },
    ...(rateLimiter ? { rateLimiter } : {}),
  };
  return { auth, mailbox, httpOptions };
}
