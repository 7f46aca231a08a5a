import type { AuthHttpOptions, HttpAuth } from '@portcullis/http';
import {
  bodyLimit,
  createAuthHandler,
  isAuthPath,
  isFormPath,
  jwksResponse,
  noStore,
  readJsonBody,
} from '@portcullis/http';
import type { Context, Handler } from 'hono';
import { Hono } from 'hono';
import { basePath } from 'hono/route';
import type { RemoteAddressResolver } from './translate.ts';
import { nodeRemoteAddress, toHttpRequest, toResponse } from './translate.ts';

/** Options of the Hono binding: the shared HTTP options plus two runtime details. */
export interface HonoAuthOptions extends AuthHttpOptions {
  /**
   * Largest accepted JSON body in bytes; default 64 KiB (larger → 413). Must be a
   * non-negative integer (`ConfigError` otherwise).
   */
  readonly maxBodyBytes?: number;
  /** How to read the socket peer address; default {@link nodeRemoteAddress}. */
  readonly remoteAddress?: RemoteAddressResolver;
}

/**
 * The request body as bytes. When earlier middleware already read it through Hono's body
 * cache (`c.req.json()` and friends), the cached bytes are used, so the same size, media
 * type and JSON checks apply either way.
 */
async function bodyStream(
  c: Context,
): Promise<ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null> {
  if (!c.req.raw.bodyUsed) return c.req.raw.body;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return (async function* () {
    yield bytes;
  })();
}

/**
 * The auth API as a Hono sub-app: `app.route('/auth', portcullisRoutes(auth, options))`.
 * Requests for other paths under the mount point pass through untouched (`next()`), with
 * their body unread. Throws `ConfigError` at once for invalid options.
 */
export function portcullisRoutes(auth: HttpAuth, options: HonoAuthOptions): Hono {
  const handle = createAuthHandler(auth, options);
  const maxBodyBytes = bodyLimit(options.maxBodyBytes);
  const remoteAddress = options.remoteAddress ?? nodeRemoteAddress;
  const app = new Hono();
  app.all('*', async (c, next) => {
    const base = basePath(c);
    const path = (base === '/' ? c.req.path : c.req.path.slice(base.length)) || '/';
    if (!isAuthPath(path)) return next();
    const parsed = await readJsonBody(
      {
        contentType: c.req.header('content-type') ?? null,
        contentLength: c.req.header('content-length') ?? null,
        stream: await bodyStream(c),
      },
      maxBodyBytes,
      { form: isFormPath(path) },
    );
    if (!parsed.ok) {
      const refused = toResponse(noStore(parsed.response));
      // The unread rest of the body is still on the socket: a client that reused the
      // connection would have its next request cut off (as the Express binding does).
      if (!parsed.complete) refused.headers.set('connection', 'close');
      return refused;
    }
    const response = await handle(toHttpRequest(c, path, parsed.body, remoteAddress));
    if (!response) return next();
    return toResponse(response);
  });
  return app;
}

/** `app.get('/.well-known/jwks.json', jwksHandler(auth))`: the public verification keys. */
export function jwksHandler(
  auth: Pick<HttpAuth, 'publicJwks'>,
  options: Pick<AuthHttpOptions, 'onError'> = {},
): Handler {
  return async () => toResponse(await jwksResponse(auth, options));
}
