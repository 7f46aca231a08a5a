/** Express ⇄ `@portcullis/http` translation. No status codes or decisions live here. */
import type { HttpRequest, HttpResponse } from '@portcullis/http';
import type { Request, Response } from 'express';

/**
 * A header as one string, every line of a repeated header joined (`; ` for cookies, `, `
 * otherwise) as the Hono binding's Node server does. Not `req.headers`: Node keeps only the
 * first `Authorization` or `Content-Type` line there, so two conflicting lines would pass
 * here yet be refused under Hono.
 */
function header(req: Request, name: string): string | null {
  const key = name.toLowerCase();
  const values = req.headersDistinct[key];
  if (values === undefined) return null;
  return values.join(key === 'cookie' ? '; ' : ', ');
}

/**
 * An `HttpRequest` for the Express request. The peer address is the socket's, never
 * Express's `req.ip` (which follows the app's `trust proxy` setting): `clientIp` applies
 * the one trusted-proxy policy of `AuthHttpOptions`.
 */
export function toHttpRequest(req: Request, body: unknown): HttpRequest {
  return {
    method: req.method.toUpperCase(),
    path: req.path,
    headers: { get: (name) => header(req, name) },
    body,
    remoteAddress: req.socket.remoteAddress,
  };
}

export { header };

/** Writes an `HttpResponse`; cookies are appended so ones set earlier by the app survive. */
export function sendResponse(res: Response, response: HttpResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.setCookies.length > 0) res.append('set-cookie', [...response.setCookies]);
  if (response.body === undefined) res.end();
  else res.end(JSON.stringify(response.body));
}
