import type { AuthenticatorOptions, HttpAuth, Principal } from '@portcullis/http';
import { createAuthenticator } from '@portcullis/http';
import type { MiddlewareHandler } from 'hono';
import type { HonoAuthOptions } from './routes.ts';
import { nodeRemoteAddress, toHttpRequest, toResponse } from './translate.ts';

/** The context variables `requireAuth` sets: `c.get('portcullis')` is the caller. */
export type PortcullisVariables = { portcullis: Principal };

/** A Hono env carrying {@link PortcullisVariables}: `new Hono<PortcullisEnv>()`. */
export type PortcullisEnv = { Variables: PortcullisVariables };

/**
 * Middleware for the app's own routes: lets the request through only with a valid session
 * cookie (CSRF-checked for state changes) or bearer token holding every required scope,
 * and puts the {@link Principal} in `c.get('portcullis')`. Otherwise it answers with the
 * shared 401/403 response. Throws `ConfigError` at once for invalid options or scopes.
 */
export function requireAuth(
  auth: HttpAuth,
  options: HonoAuthOptions,
  opts: AuthenticatorOptions = {},
): MiddlewareHandler<PortcullisEnv> {
  const authenticate = createAuthenticator(auth, options, opts);
  const remoteAddress = options.remoteAddress ?? nodeRemoteAddress;
  return async (c, next) => {
    const result = await authenticate(toHttpRequest(c, c.req.path, undefined, remoteAddress));
    if (!result.ok) return toResponse(result.response);
    c.set('portcullis', result.principal);
    return next();
  };
}
