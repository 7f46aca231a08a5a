/**
 * @portcullis/express — Express bindings over `@portcullis/http`: the auth routes as a
 * router, a `requireAuth` middleware and a JWKS handler. They only translate Express's
 * request and response; every decision and status code comes from `@portcullis/http`.
 */

export type {
  PortcullisApiKeyLocals,
  PortcullisLocals,
  RequireApiKeyAuthHandler,
  RequireAuthHandler,
} from './require-auth.ts';
export { principalOf, requireAuth } from './require-auth.ts';
export type { ExpressAuthOptions } from './router.ts';
export { jwksHandler, portcullisRouter } from './router.ts';
