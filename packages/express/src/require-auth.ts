import type {
  ApiKeyPrincipal,
  AuthenticatorOptions,
  AuthHttpOptions,
  HttpAuth,
  Principal,
} from '@portcullis/http';
import { createAuthenticator } from '@portcullis/http';
import type { Request, RequestHandler, Response } from 'express';
import { sendResponse, toHttpRequest } from './translate.ts';

/** `res.locals` after `requireAuth`: `res.locals.portcullis` is the caller. */
export interface PortcullisLocals extends Record<string, unknown> {
  portcullis: Principal;
}

/** `res.locals` after `requireAuth(..., { apiKeys: true })`: the caller may be an API key. */
export interface PortcullisApiKeyLocals extends Record<string, unknown> {
  portcullis: Principal | ApiKeyPrincipal;
}

/** The middleware type: later handlers in the same route see `res.locals.portcullis` typed. */
export type RequireAuthHandler = RequestHandler<
  Request['params'],
  unknown,
  unknown,
  Request['query'],
  PortcullisLocals
>;

/** The middleware type of `requireAuth(..., { apiKeys: true })`. */
export type RequireApiKeyAuthHandler = RequestHandler<
  Request['params'],
  unknown,
  unknown,
  Request['query'],
  PortcullisApiKeyLocals
>;

/**
 * Middleware for the app's own routes: lets the request through only with a valid session
 * cookie (CSRF-checked for state changes) or bearer token holding every required scope,
 * and, with `apiKeys: true`, an API key in `X-API-Key` holding them. It sets
 * `res.locals.portcullis` to the caller; otherwise it answers with the shared 401/403
 * response. Throws `ConfigError` at once for invalid options or scopes.
 */
export function requireAuth(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts: AuthenticatorOptions & { readonly apiKeys: true },
): RequireApiKeyAuthHandler;
export function requireAuth(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts?: AuthenticatorOptions,
): RequireAuthHandler;
export function requireAuth(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts: AuthenticatorOptions = {},
): RequireApiKeyAuthHandler {
  const authenticate = createAuthenticator(auth, options, {
    ...opts,
    apiKeys: opts.apiKeys === true,
  });
  return async (req, res, next) => {
    const result = await authenticate(toHttpRequest(req, undefined));
    if (!result.ok) return sendResponse(res, result.response);
    res.locals.portcullis = result.principal;
    return next();
  };
}

/**
 * The principal `requireAuth` stored, for handlers typed without {@link PortcullisLocals}.
 * Throws when `requireAuth` did not run for this request — a wiring bug, never a client's.
 */
export function principalOf(res: Response): Principal {
  const principal: unknown = res.locals.portcullis;
  if (typeof principal !== 'object' || principal === null) {
    throw new Error('res.locals.portcullis is not set: mount requireAuth before this handler');
  }
  return principal as Principal;
}
