/**
 * @portcullis/http — the framework-neutral HTTP layer: routes, the status mapping, cookies,
 * CSRF origin checks, bearer parsing and client IPs. Written once; the Hono and Express
 * bindings only translate their request and response objects to these.
 */

export type { ApiKeyPrincipal, ApiKeyResolution } from './api-key-auth.ts';
export { API_KEY_HEADER, resolveApiKey } from './api-key-auth.ts';
export type { HttpAuth } from './auth-api.ts';
export type {
  Authenticator,
  AuthenticatorOptions,
  RequestAuthentication,
  ResolvedPrincipal,
} from './authenticate.ts';
export {
  authenticateRequest,
  checkScopes,
  createAuthenticator,
  resolvePrincipal,
} from './authenticate.ts';
export type { BearerCredentials } from './bearer.ts';
export { MAX_AUTHORIZATION_LENGTH, parseBearer } from './bearer.ts';
export type { JsonBodyResult, RawRequestBody } from './body.ts';
export {
  bodyLimit,
  bodyObject,
  field,
  isFormMediaType,
  isJsonMediaType,
  MAX_JSON_BODY_BYTES,
  readJsonBody,
  textField,
} from './body.ts';
export type { ProxyMatcher } from './client-ip.ts';
export { clientIp, resolveClientIp, trustedProxyMatcher } from './client-ip.ts';
export type { CookieAttributes, SessionCookieSettings } from './cookies.ts';
export {
  clearSessionCookie,
  parseCookieHeader,
  readCookie,
  serializeCookie,
  sessionCookie,
  sessionCookieSettings,
} from './cookies.ts';
export { deviceCookieName } from './device-cookie.ts';
export {
  authRouteList,
  createAuthHandler,
  isAuthPath,
  isFormPath,
  jwksResponse,
} from './handler.ts';
export type { ResolvedHttpOptions } from './options.ts';
export { assertScopes, requestContext, resolveHttpOptions } from './options.ts';
export type { OriginCheck } from './origin.ts';
export {
  checkOrigin,
  checkOriginAgainst,
  isStateChanging,
  normalizeAllowedOrigins,
} from './origin.ts';
export type { RouteLimit } from './rate-limit-policy.ts';
export { routeRateLimits } from './rate-limit-policy.ts';
export type { ErrorBody } from './responses.ts';
export {
  emptyResponse,
  errorResponse,
  failureResponse,
  isUnexpectedError,
  jsonResponse,
  noStore,
  problemResponse,
} from './responses.ts';
export type { FailureFlow, HttpErrorCode } from './status.ts';
export { FAILURE_CODES, HTTP_ERRORS, statusOf } from './status.ts';
export type {
  AdminPolicy,
  AuthHttpOptions,
  HttpRequest,
  HttpResponse,
  Principal,
  StepUpOptions,
} from './types.ts';
