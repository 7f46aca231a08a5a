import type { AuthHttpOptions, HttpAuth } from '@portcullis/http';
import {
  bodyLimit,
  createAuthHandler,
  isAuthPath,
  isFormMediaType,
  isFormPath,
  isJsonMediaType,
  jwksResponse,
  noStore,
  problemResponse,
  readJsonBody,
} from '@portcullis/http';
import type { Request, RequestHandler } from 'express';
import { Router } from 'express';
import { header, sendResponse, toHttpRequest } from './translate.ts';

/** Options of the Express binding: the shared HTTP options plus the body cap. */
export interface ExpressAuthOptions extends AuthHttpOptions {
  /**
   * Largest accepted JSON body in bytes; default 64 KiB (larger → 413). Must be a
   * non-negative integer (`ConfigError` otherwise).
   */
  readonly maxBodyBytes?: number;
}

/** Whether the request came with a non-empty body (RFC 9112 §6.3). */
function hasBody(req: Request): boolean {
  const length = header(req, 'content-length');
  return header(req, 'transfer-encoding') !== null || (length !== null && length.trim() !== '0');
}

/**
 * The auth API as an Express router: `app.use('/auth', portcullisRouter(auth, options))`.
 * It parses JSON bodies itself (size-capped, JSON media types only), so it needs no
 * `express.json()`; if an earlier parser already set `req.body`, that is used. Requests
 * for other paths go on (`next()`) with their body unread. Throws `ConfigError` at once
 * for invalid options.
 */
export function portcullisRouter(auth: HttpAuth, options: ExpressAuthOptions): Router {
  const handle = createAuthHandler(auth, options);
  const maxBodyBytes = bodyLimit(options.maxBodyBytes);
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
        maxBodyBytes,
        { form: isFormPath(req.path) },
      );
      if (!parsed.ok) {
        // The unread rest of the body is still on the socket: do not reuse the connection.
        if (!parsed.complete) res.setHeader('connection', 'close');
        return sendResponse(res, noStore(parsed.response));
      }
      body = parsed.body;
    } else if (
      hasBody(req) &&
      !isJsonMediaType(header(req, 'content-type')) &&
      !(isFormPath(req.path) && isFormMediaType(header(req, 'content-type')))
    ) {
      // An earlier parser (express.urlencoded(), express.text()) took a body the auth API
      // refuses: a cross-site form post must not get in just because the app parses forms.
      return sendResponse(res, noStore(problemResponse('unsupported_media_type')));
    }
    const response = await handle(toHttpRequest(req, body));
    if (!response) return next();
    return sendResponse(res, response);
  });
  return router;
}

/** `app.get('/.well-known/jwks.json', jwksHandler(auth))`: the public verification keys. */
export function jwksHandler(
  auth: HttpAuth,
  options: Pick<AuthHttpOptions, 'onError'> = {},
): RequestHandler {
  return async (_req, res) => sendResponse(res, await jwksResponse(auth, options));
}
