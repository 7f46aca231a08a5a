import type { AssuranceLevel, RateLimiter, TokenOrganization } from '@portcullis/core';

/** A request as the bindings hand it over: framework objects never reach this package. */
export interface HttpRequest {
  /** Upper-case method, e.g. `POST`. */
  readonly method: string;
  /** Path relative to where the auth routes are mounted, e.g. `/sign-in` (no query string). */
  readonly path: string;
  /** Case-insensitive header lookup; repeated headers joined with `, ` (cookies with `; `). */
  readonly headers: { get(name: string): string | null };
  /** The parsed JSON body, or `undefined` when the request had none. */
  readonly body: unknown;
  /** The socket peer address (never a forwarded header). */
  readonly remoteAddress: string | undefined;
}

/** What the bindings write back. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Complete `Set-Cookie` header values, one per cookie. */
  readonly setCookies: readonly string[];
  /** JSON-serialisable body, or `undefined` for an empty body (204). */
  readonly body: unknown;
}

/** Options shared by the handler, `authenticateRequest` and both bindings. */
export interface AuthHttpOptions {
  /**
   * Exact origins (`https://app.example.com`) allowed to make cookie-authenticated state
   * changes and to sign in from a browser. Anything else is refused as CSRF.
   */
  readonly allowedOrigins: readonly string[];
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` is believed: exact IPv4/IPv6
   * addresses or CIDR ranges (`10.0.0.0/8`). Default none: the socket address is the client.
   */
  readonly trustedProxies?: readonly string[];
  readonly cookie?: {
    /**
     * Default `__Host-portcullis_session` when `secure` and no `domain` (a sibling subdomain
     * cannot plant it), else `portcullis_session`. A `__Host-` name is checked for its rules
     * (RFC 6265bis §4.1.3.2).
     */
    readonly name?: string;
    /** Default `true`. Set `false` only for plain-http development on localhost. */
    readonly secure?: boolean;
    /** Default none (host-only cookie, the safest choice). */
    readonly domain?: string;
  };
  /**
   * Scopes granted to principals of this app: written into issued access tokens and given
   * to cookie-authenticated principals, so `requireAuth({ scopes })` treats both alike.
   * Default none.
   */
  readonly scopes?: readonly string[];
  /**
   * Limits every route that hashes a password, sends mail or checks a token, per
   * `routeRateLimits` (`createRateLimiter` from `@portcullis/core`), and sets a device
   * cookie on successful sign-ins so strangers cannot lock the owner out. Default none:
   * nothing is limited, which suits tests only — **set it in production**, with a store
   * every app instance shares (`@portcullis/adapter-redis`) when there is more than one.
   * A refused request is 429 `rate_limited` with `Retry-After`. If the store fails, the
   * request fails too (500, reported to `onError`): limits never silently switch off.
   */
  readonly rateLimiter?: RateLimiter;
  /**
   * How a bearer access token is checked on each request:
   * - `strict` (default): the JWT, then one read of its session, so sign-out, "sign out
   *   everywhere", bans, password resets and refresh-token replay end access at once;
   * - `stateless`: the JWT alone (signature, `iss`, `aud`, `exp`), no storage at all. A
   *   revoked session's access tokens keep working until they expire, so the revocation
   *   lag is up to `accessToken.ttl` (default 900 s): shorten it when you choose this.
   * Cookie sessions are always checked against storage.
   */
  readonly bearer?: 'strict' | 'stateless';
  /**
   * Step-up for the sensitive auth routes (password change, TOTP re-enrolment, backup-code
   * regeneration, switching MFA off): a user with MFA enabled must be on a session started
   * with the second factor (`aal2`) at most `maxAge` seconds ago, else 403
   * `step_up_required` (sign in again). Users without MFA are not asked: aal2 is out of
   * their reach. Default none. App routes ask for it with `requireAuth`'s `stepUp`.
   */
  readonly stepUp?: StepUpOptions;
  /**
   * Called with every unexpected error answered as 500 `internal_error` (the response itself
   * never carries details). Default: `console.error`.
   */
  readonly onError?: (error: unknown) => void;
  /**
   * Who may call the admin routes (`/admin/...`): the app's decision, e.g. a scope in the
   * access token or a role looked up by user id. Called after authentication, for every
   * admin request; `true` lets it through, anything else answers 403 `forbidden`. Default:
   * nobody (every admin request is 403, or 401 without credentials). See docs/admin.md.
   */
  readonly adminPolicy?: AdminPolicy;
}

/** How recent a second-factor sign-in a sensitive operation needs. */
export interface StepUpOptions {
  /** Seconds since the aal2 session started, at most (e.g. 900). */
  readonly maxAge: number;
}

/** Decides whether a signed-in caller may use the admin API. Must not throw for a normal "no". */
export type AdminPolicy = (caller: {
  readonly principal: Principal;
  readonly request: HttpRequest;
}) => boolean | Promise<boolean>;

/** Who made an authenticated request. */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly via: 'cookie' | 'bearer';
  readonly aal: AssuranceLevel;
  readonly scopes: readonly string[];
  /**
   * The organization a bearer token acts in and the caller's role there when it was issued
   * (`POST /organizations/:id/switch`). Absent for cookies and tokens without one.
   */
  readonly organization?: TokenOrganization;
}
