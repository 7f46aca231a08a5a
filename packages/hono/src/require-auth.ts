import type { ApiKeyPrincipal, AuthenticatorOptions, HttpAuth, Principal } from '@portcullis/http';
import { createAuthenticator } from '@portcullis/http';
import type { MiddlewareHandler } from 'hono';
import type { HonoAuthOptions } from './routes.ts';
import { nodeRemoteAddress, toHttpRequest, toResponse } from './translate.ts';

/** The context variables `requireAuth` sets: `c.get('portcullis')` is the caller. */
export type PortcullisVariables = { portcullis: Principal };

/** A Hono env carrying {@link PortcullisVariables}: `new Hono<PortcullisEnv>()`. */
export type PortcullisEnv = { Variables: PortcullisVariables };

/** The variables of `requireAuth(..., { apiKeys: true })`: the caller may be an API key. */
export type PortcullisApiKeyVariables = { portcullis: Principal | ApiKeyPrincipal };

/** A Hono env carrying {@link PortcullisApiKeyVariables}, for routes that accept API keys. */
export type PortcullisApiKeyEnv = { Variables: PortcullisApiKeyVariables };

/**
 * Middleware for the app's own routes: lets the request through only with a valid session
 * cookie (CSRF-checked for state changes) or bearer token holding every required scope,
 * and, with `apiKeys: true`, an API key in `X-API-Key` holding them. It puts the caller
 * in `c.get('portcullis')`; otherwise it answers with the shared 401/403 response. Throws
 * `ConfigError` at once for invalid options or scopes.
 */
export function requireAuth(
  auth: HttpAuth,
  options: HonoAuthOptions,
  opts: AuthenticatorOptions & { readonly apiKeys: true },
): MiddlewareHandler<PortcullisApiKeyEnv>;
export function requireAuth(
  auth: HttpAuth,
  options: HonoAuthOptions,
  opts?: AuthenticatorOptions,
): MiddlewareHandler<PortcullisEnv>;
export function requireAuth(
  auth: HttpAuth,
  options: HonoAuthOptions,
  opts: AuthenticatorOptions = {},
): MiddlewareHandler<PortcullisApiKeyEnv> | MiddlewareHandler<PortcullisEnv> {
  const authenticate = createAuthenticator(auth, options, {
    ...opts,
    apiKeys: opts.apiKeys === true,
  });
  const remoteAddress = options.remoteAddress ?? nodeRemoteAddress;
  const middleware: MiddlewareHandler<PortcullisApiKeyEnv> = async (c, next) => {
    const result = await authenticate(toHttpRequest(c, c.req.path, undefined, remoteAddress));
    if (!result.ok) return toResponse(result.response);
    c.set('portcullis', result.principal);
    return next();
  };
  return middleware;
}
