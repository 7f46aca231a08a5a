/**
 * @portcullis/hono — Hono bindings over `@portcullis/http`: the auth routes as a sub-app,
 * a `requireAuth` middleware and a JWKS handler. They only translate Hono's request and
 * response; every decision and status code comes from `@portcullis/http`.
 */

export type {
  PortcullisApiKeyEnv,
  PortcullisApiKeyVariables,
  PortcullisEnv,
  PortcullisVariables,
} from './require-auth.ts';
export { requireAuth } from './require-auth.ts';
export type { HonoAuthOptions } from './routes.ts';
export { jwksHandler, portcullisRoutes } from './routes.ts';
export type { RemoteAddressResolver } from './translate.ts';
export { nodeRemoteAddress } from './translate.ts';
