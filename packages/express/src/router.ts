import type { Auth } from '@portcullis/core';
import type { AuthHttpOptions } from '@portcullis/http';
import { createAuthHandler, isAuthPath, jwksResponse, readJsonBody } from '@portcullis/http';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { header, sendResponse, toHttpRequest } from './translate.ts';

/** Options of the Express binding: the shared HTTP options plus the body cap. */
export interface ExpressAuthOptions extends AuthHttpOptions {
  /** Largest accepted JSON body in bytes; default 64 KiB (larger → 413). */
  readonly maxBodyBytes?: number;
}

/**
 * The auth API as an Express router: `app.use('/auth', portcullisRouter(auth, options))`.
 * It parses JSON bodies itself (size-capped, JSON media types only), so it needs no
 * `express.json()`; if an earlier parser already set `req.body`, that is used. Requests
 * for other paths go on (`next()`) with their body unread. Throws `ConfigError` at once
 * for invalid options.
 */
export function portcullisRouter(auth: Auth, options: ExpressAuthOptions): Router {
  const handle = createAuthHandler(auth, options);
  const router = Router();
  router.use(async (req, res, next) => {
    if (!isAuthPath(req.path)) return next();
    let body: unknown = req.body;
    if (body === undefined) {
      const parsed = await readJsonBody(
        {
          contentType: header(req, 'content-type'),
          contentLength: header(req, 'content-length'),
          stream: req.readableEnded ? null : req,
        },
        options.maxBodyBytes,
      );
      if (!parsed.ok) {
        // The unread rest of the body is still on the socket: do not reuse the connection.
        if (!parsed.complete) res.setHeader('connection', 'close');
        return sendResponse(res, parsed.response);
      }
      body = parsed.body;
    }
    const response = await handle(toHttpRequest(req, body));
    if (!response) return next();
    return sendResponse(res, response);
  });
  return router;
}

/** `app.get('/.well-known/jwks.json', jwksHandler(auth))`: the public verification keys. */
export function jwksHandler(
  auth: Auth,
  options: Pick<AuthHttpOptions, 'onError'> = {},
): RequestHandler {
  return async (_req, res) => sendResponse(res, await jwksResponse(auth, options));
}
