import type { AuthFlow, RequestContext, SessionInfo } from '@portcullis/core';
import type { HttpAuth } from '../auth-api.ts';
import type { ResolvedHttpOptions } from '../options.ts';
import type { HttpRequest, HttpResponse, Principal } from '../types.ts';

/** What every route handler receives. */
export interface RouteContext {
  readonly auth: HttpAuth;
  readonly options: ResolvedHttpOptions;
  readonly req: HttpRequest;
  readonly context: RequestContext;
  /** Decoded `:name` path segments. */
  readonly params: Readonly<Record<string, string>>;
}

/** The signed-in caller of an authenticated route. */
export interface Caller {
  readonly principal: Principal;
  /** The validated session for cookie requests; `null` for bearer (read it when needed). */
  readonly session: SessionInfo | null;
}

interface RouteBase {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative path; `:name` segments match one non-empty segment. */
  readonly path: string;
  /** The flow it belongs to: while `flows` turns it off, the route answers 404 and does nothing. */
  readonly flow?: AuthFlow;
  /** Takes `application/x-www-form-urlencoded` as well as JSON (RFC 7662 introspection). */
  readonly form?: true;
}

/** A route anyone may call (sign-in, sign-up...). */
export interface PublicRoute extends RouteBase {
  readonly authenticated: false;
  run(ctx: RouteContext): Promise<HttpResponse>;
}

/** A route for a signed-in caller (cookie or bearer). */
export interface PrivateRoute extends RouteBase {
  readonly authenticated: true;
  /**
   * Manages the account or its credentials: only a full-scope caller may call it (403
   * `full_scope_required` otherwise, see `fullScopeRefusal`).
   */
  readonly managesAccount?: true;
  run(ctx: RouteContext, caller: Caller): Promise<HttpResponse>;
}

export type Route = PublicRoute | PrivateRoute;
