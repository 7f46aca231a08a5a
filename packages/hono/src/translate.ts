/** Hono ⇄ `@portcullis/http` translation. No status codes or decisions live here. */
import type { HttpRequest, HttpResponse } from '@portcullis/http';
import type { Context } from 'hono';

/** Finds the socket peer address for a request; runtime-specific. */
export type RemoteAddressResolver = (c: Context) => string | undefined;

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/**
 * The default resolver for `@hono/node-server`, which passes `{ incoming }` (the Node
 * request) as the env, or `{ server: { incoming } }` in some setups. On other runtimes pass
 * `remoteAddress`, e.g. `(c) => getConnInfo(c).remote.address` from `hono/bun` or
 * `hono/deno`. Forwarded headers are never read here: `clientIp` does that, only behind
 * trusted proxies.
 */
export const nodeRemoteAddress: RemoteAddressResolver = (c) => {
  const env: unknown = c.env;
  const incoming = property(property(env, 'server') ?? env, 'incoming');
  const address = property(property(incoming, 'socket'), 'remoteAddress');
  return typeof address === 'string' ? address : undefined;
};

/** An `HttpRequest` for the Hono request. */
export function toHttpRequest(
  c: Context,
  path: string,
  body: unknown,
  remoteAddress: RemoteAddressResolver,
): HttpRequest {
  const headers = c.req.raw.headers;
  return {
    method: c.req.method.toUpperCase(),
    path,
    headers: { get: (name) => headers.get(name) },
    body,
    remoteAddress: remoteAddress(c),
  };
}

/** A web `Response` for an `HttpResponse`; each cookie gets its own `Set-Cookie` line. */
export function toResponse(response: HttpResponse): Response {
  const headers = new Headers(response.headers);
  for (const cookie of response.setCookies) headers.append('set-cookie', cookie);
  const body = response.body === undefined ? null : JSON.stringify(response.body);
  return new Response(body, { status: response.status, headers });
}
