import type { SessionInfo } from '@portcullis/core';
import type { ApiKeyPrincipal } from './api-key-auth.ts';
import { resolveApiKey } from './api-key-auth.ts';
import type { HttpAuth } from './auth-api.ts';
import { parseBearer } from './bearer.ts';
import { clearSessionCookie, readCookie } from './cookies.ts';
import type { ResolvedHttpOptions } from './options.ts';
import { assertScopes, assertStepUp, resolveHttpOptions } from './options.ts';
import { checkOriginAgainst, isStateChanging } from './origin.ts';
import {
  errorResponse,
  failureResponse,
  isUnexpectedError,
  noStore,
  problemResponse,
} from './responses.ts';
import { currentSession, isRecentAal2 } from './routes/step-up.ts';
import type {
  AuthHttpOptions,
  HttpRequest,
  HttpResponse,
  Principal,
  StepUpOptions,
} from './types.ts';

/** RFC 6750 §3: every bearer refusal names the scheme and, when a token was sent, the error. */
const INVALID_TOKEN_CHALLENGE = { 'www-authenticate': 'Bearer error="invalid_token"' };
const NO_CREDENTIALS_CHALLENGE = { 'www-authenticate': 'Bearer' };

/** An authenticated request: the principal and, for cookie sessions, the validated session. */
export type ResolvedPrincipal =
  | { readonly ok: true; readonly principal: Principal; readonly session: SessionInfo | null }
  | { readonly ok: false; readonly response: HttpResponse };

/**
 * Authenticates by `Authorization: Bearer` (JWT plus, in the default strict mode, a
 * live-session check, so sign-out and revocation bite at once) or, without that header, by
 * the session cookie.
 *
 * The header wins when both are present: it cannot be forged cross-site, and a malformed
 * one is refused rather than silently falling back to the cookie. Cookie-authenticated
 * state changes must pass the origin check (CSRF) before the session is even looked up.
 */
export async function resolvePrincipal(
  auth: HttpAuth,
  options: ResolvedHttpOptions,
  req: HttpRequest,
): Promise<ResolvedPrincipal> {
  const bearer = parseBearer(req.headers.get('authorization'));
  if (bearer.kind === 'malformed') {
    return {
      ok: false,
      response: failureResponse('accessToken', 'malformed', { headers: INVALID_TOKEN_CHALLENGE }),
    };
  }
  if (bearer.kind === 'token') {
    const result =
      options.bearer === 'stateless'
        ? await auth.verifyAccessToken({ accessToken: bearer.token })
        : await auth.authenticate({ accessToken: bearer.token });
    if (!result.ok) {
      return {
        ok: false,
        response: failureResponse('accessToken', result.reason, {
          headers: INVALID_TOKEN_CHALLENGE,
        }),
      };
    }
    const { claims } = result;
    return {
      ok: true,
      principal: {
        userId: claims.userId,
        sessionId: claims.sessionId,
        via: 'bearer',
        aal: claims.aal,
        scopes: claims.scopes,
        ...(claims.organization === null ? {} : { organization: claims.organization }),
      },
      session: null,
    };
  }

  const token = readCookie(req.headers.get('cookie'), options.cookie.name);
  if (token === null) {
    return {
      ok: false,
      response: problemResponse('unauthenticated', { headers: NO_CREDENTIALS_CHALLENGE }),
    };
  }
  if (
    isStateChanging(req.method) &&
    checkOriginAgainst(req, options.allowedOrigins) !== 'allowed'
  ) {
    return { ok: false, response: problemResponse('csrf_rejected') };
  }
  const validation = await auth.validateSession({ sessionToken: token });
  if (!validation.ok) {
    // The browser holds a dead token: tell it to drop it.
    return {
      ok: false,
      response: failureResponse('session', validation.reason, {
        setCookies: [clearSessionCookie(options.cookie)],
      }),
    };
  }
  const { session } = validation;
  return {
    ok: true,
    principal: {
      userId: session.userId,
      sessionId: session.id,
      via: 'cookie',
      aal: session.aal,
      scopes: options.scopes,
    },
    session,
  };
}

/** 403 `insufficient_scope` unless the principal holds every required scope (RFC 6750 §3.1). */
export function checkScopes(
  principal: Principal | ApiKeyPrincipal,
  required: readonly string[],
): HttpResponse | null {
  const missing = required.filter((scope) => !principal.scopes.includes(scope));
  if (missing.length === 0) return null;
  return problemResponse('insufficient_scope', {
    headers: {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${required.join(' ')}"`,
    },
  });
}

/** What an application route requires beyond a live session. */
export interface AuthenticatorOptions {
  /** Scopes the principal must hold (403 `insufficient_scope` otherwise). */
  readonly scopes?: readonly string[];
  /**
   * A session started with a second factor (`aal2`) at most `maxAge` seconds ago, for
   * sensitive operations; anything else is 403 `step_up_required` (sign in again with the
   * second factor). Unlike the auth routes' `stepUp`, this asks every user: a route that
   * needs aal2 is closed to users without MFA.
   */
  readonly stepUp?: StepUpOptions;
  /**
   * Accept an API key in the `X-API-Key` header as well as a session or bearer token.
   * Default false: the route then sees only `Principal`s of people. A key never passes a
   * `stepUp` requirement (it has no session, let alone a second factor).
   */
  readonly apiKeys?: boolean;
}

/** The outcome of authenticating a request to an application route. */
export type RequestAuthentication<P = Principal> =
  | { readonly ok: true; readonly principal: P }
  | { readonly ok: false; readonly response: HttpResponse };

/** A request checker of {@link createAuthenticator}. */
export type Authenticator<P = Principal> = (req: HttpRequest) => Promise<RequestAuthentication<P>>;

/**
 * Validates `options`, `scopes` and `stepUp` once (throwing `ConfigError` now, not per
 * request) and returns what the bindings' `requireAuth` calls for each request. With
 * `apiKeys: true` an `X-API-Key` header authenticates too (its principal has
 * `via: 'api_key'`). The returned function never throws for anything a client sends:
 * refusals and storage failures come back as a ready response.
 */
export function createAuthenticator(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts: AuthenticatorOptions & { readonly apiKeys: true },
): Authenticator<Principal | ApiKeyPrincipal>;
export function createAuthenticator(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts?: AuthenticatorOptions,
): Authenticator;
export function createAuthenticator(
  auth: HttpAuth,
  options: AuthHttpOptions,
  opts: AuthenticatorOptions = {},
): Authenticator<Principal | ApiKeyPrincipal> {
  const resolved = resolveHttpOptions(options);
  const required = assertScopes(opts.scopes ?? [], 'required scopes');
  const stepUp = assertStepUp(opts.stepUp);
  const apiKeys = opts.apiKeys === true;
  return async (req) => {
    try {
      const key = apiKeys ? await resolveApiKey(auth, resolved, req) : null;
      if (key !== null) {
        if (!key.ok) return { ok: false, response: noStore(key.response) };
        const refused = checkScopes(key.principal, required);
        if (refused) return { ok: false, response: noStore(refused) };
        if (stepUp !== null)
          return { ok: false, response: noStore(problemResponse('step_up_required')) };
        return { ok: true, principal: key.principal };
      }
      const result = await resolvePrincipal(auth, resolved, req);
      if (!result.ok) return { ok: false, response: noStore(result.response) };
      const refused = checkScopes(result.principal, required);
      if (refused) return { ok: false, response: noStore(refused) };
      if (stepUp !== null) {
        const session = await currentSession({ auth }, result);
        if (!isRecentAal2(session, stepUp.maxAge, auth.clock.now())) {
          return { ok: false, response: noStore(problemResponse('step_up_required')) };
        }
      }
      return { ok: true, principal: result.principal };
    } catch (error) {
      if (isUnexpectedError(error)) resolved.onError(error);
      return { ok: false, response: noStore(errorResponse(error)) };
    }
  };
}

/**
 * Authenticates one request to an application route: {@link createAuthenticator} for a
 * single call. Never throws for anything a client sends; rejects with `ConfigError` only
 * for invalid `options` or `scopes`.
 */
export function authenticateRequest(
  auth: HttpAuth,
  options: AuthHttpOptions,
  req: HttpRequest,
  opts: AuthenticatorOptions & { readonly apiKeys: true },
): Promise<RequestAuthentication<Principal | ApiKeyPrincipal>>;
export function authenticateRequest(
  auth: HttpAuth,
  options: AuthHttpOptions,
  req: HttpRequest,
  opts?: AuthenticatorOptions,
): Promise<RequestAuthentication>;
export async function authenticateRequest(
  auth: HttpAuth,
  options: AuthHttpOptions,
  req: HttpRequest,
  opts: AuthenticatorOptions = {},
): Promise<RequestAuthentication<Principal | ApiKeyPrincipal>> {
  return createAuthenticator(auth, options, opts)(req);
}
