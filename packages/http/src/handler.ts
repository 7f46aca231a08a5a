import type { HttpAuth } from './auth-api.ts';
import { resolvePrincipal } from './authenticate.ts';
import type { ResolvedHttpOptions } from './options.ts';
import { defaultOnError, requestContext, resolveHttpOptions } from './options.ts';
import { checkOriginAgainst, isStateChanging } from './origin.ts';
import { rateLimitResponse } from './rate-limit.ts';
import { routeLimit } from './rate-limit-policy.ts';
import { errorResponse, isUnexpectedError, noStore, problemResponse } from './responses.ts';
import type { RouteMatch } from './router.ts';
import { matchPath, matchRoute } from './router.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { flowRoutes } from './routes/flows.ts';
import { fullScopeRefusal } from './routes/full-scope.ts';
import { introspectionRoutes } from './routes/introspect.ts';
import { lifecycleRoutes } from './routes/lifecycle.ts';
import { mfaRoutes } from './routes/mfa.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { passkeyRoutes } from './routes/passkeys.ts';
import { passwordlessRoutes } from './routes/passwordless.ts';
import type { Route } from './routes/route.ts';
import { tokenRoutes } from './routes/tokens.ts';
import type { AuthHttpOptions, HttpRequest, HttpResponse } from './types.ts';

/** Every auth route, relative to where the bindings mount them. */
export const authRoutes: readonly Route[] = [
  ...credentialRoutes,
  ...passwordlessRoutes,
  ...tokenRoutes,
  ...accountRoutes,
  ...mfaRoutes,
  ...passkeyRoutes,
  ...oauthRoutes,
  ...apiKeyRoutes,
  ...organizationRoutes,
  ...flowRoutes,
  ...introspectionRoutes,
  ...lifecycleRoutes,
  ...adminRoutes,
];
// At load, not per request: a route without a rate-limit policy is a bug to meet at once.
for (const route of authRoutes) routeLimit(route);

/** The method and path of every auth route (for documentation and bindings' listings). */
export const authRouteList: readonly { readonly method: string; readonly path: string }[] =
  authRoutes.map(({ method, path }) => ({ method, path }));

/** Whether `path` is a route that takes a form body (bindings pass `{ form: true }` to `readJsonBody`). */
export function isFormPath(path: string): boolean {
  return authRoutes.some((route) => route.form === true && matchPath(route.path, path) !== null);
}

/**
 * Whether `path` (relative to the mount point) is one of the auth routes, whatever the
 * method. Bindings call it before reading a body, so requests for the app's own routes
 * reach them with their body untouched.
 */
export function isAuthPath(path: string): boolean {
  return authRoutes.some((route) => matchPath(route.path, path) !== null);
}

async function dispatch(
  auth: HttpAuth,
  options: ResolvedHttpOptions,
  req: HttpRequest,
  match: Extract<RouteMatch, { kind: 'route' }>,
): Promise<HttpResponse> {
  const { route, params } = match;
  // A switched-off flow is not there at all: no CSRF verdict, no rate limit, no storage.
  if (route.flow !== undefined && !auth.isFlowEnabled({ flow: route.flow }))
    return problemResponse('not_found');
  const ctx = { auth, options, req, params, context: requestContext(req, options) };
  if (!route.authenticated) {
    // Login CSRF: sign-in from a foreign page would sign the victim's browser in as the
    // attacker. Browsers always send Origin on POST, so a foreign one is refused; clients
    // that send neither header (curl, servers) are not browsers and pass.
    if (
      isStateChanging(req.method) &&
      checkOriginAgainst(req, options.allowedOrigins) === 'foreign'
    ) {
      return problemResponse('csrf_rejected');
    }
    return (await rateLimitResponse(ctx, routeLimit(route).refuse, null)) ?? route.run(ctx);
  }
  // The auth routes manage sessions and credentials, so they always check the session is
  // live, whatever `bearer` says: a stateless token of an ended session must not list,
  // end or outlive the owner's new sessions during its remaining lifetime.
  const caller = await resolvePrincipal(auth, { ...options, bearer: 'strict' }, req);
  if (!caller.ok) return caller.response;
  const narrow = route.managesAccount ? fullScopeRefusal(options, caller.principal) : null;
  if (narrow) return narrow;
  return (await rateLimitResponse(ctx, routeLimit(route).refuse, caller)) ?? route.run(ctx, caller);
}

/**
 * The framework-neutral auth API (see the README for every route). Returns `null` for a
 * path that is not an auth route, so a binding can pass the request on. Every answer
 * carries `cache-control: no-store`. Nothing a client sends makes it throw: input
 * problems are 400s and unexpected failures a bare 500 (reported to `options.onError`).
 * Throws `ConfigError` at creation for invalid options.
 */
export function createAuthHandler(
  auth: HttpAuth,
  options: AuthHttpOptions,
): (req: HttpRequest) => Promise<HttpResponse | null> {
  const resolved = resolveHttpOptions(options);
  return async (req) => {
    try {
      const match = matchRoute(authRoutes, req.method, req.path);
      if (match.kind === 'none') return null;
      if (match.kind === 'method_not_allowed') {
        return noStore(
          problemResponse('method_not_allowed', { headers: { allow: match.allow.join(', ') } }),
        );
      }
      return noStore(await dispatch(auth, resolved, req, match));
    } catch (error) {
      if (isUnexpectedError(error)) resolved.onError(error);
      return noStore(errorResponse(error));
    }
  };
}

/**
 * `GET /.well-known/jwks.json`: the public verification keys (RFC 7517 §5), empty for
 * HS256-only configurations. Public and cacheable for a few minutes — rotate by adding the
 * new key before signing with it (see docs), so caches never miss a key in use.
 */
export async function jwksResponse(
  auth: Pick<HttpAuth, 'publicJwks'>,
  options: Pick<AuthHttpOptions, 'onError'> = {},
): Promise<HttpResponse> {
  try {
    const jwks = await auth.publicJwks();
    return {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=300',
      },
      setCookies: [],
      body: jwks,
    };
  } catch (error) {
    // Only a key that cannot be imported lands here: a deployment bug worth shouting about.
    (options.onError ?? defaultOnError)(error);
    return noStore(errorResponse(error));
  }
}
