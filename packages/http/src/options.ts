import type { RateLimiter, RequestContext } from '@portcullis/core';
import { ConfigError, isScopeToken } from '@portcullis/core';
import type { ProxyMatcher } from './client-ip.ts';
import { resolveClientIp, trustedProxyMatcher } from './client-ip.ts';
import type { SessionCookieSettings } from './cookies.ts';
import { sessionCookieSettings } from './cookies.ts';
import { normalizeAllowedOrigins } from './origin.ts';
import { assertRateLimiter } from './rate-limit.ts';
import type { AdminPolicy, AuthHttpOptions, HttpRequest, StepUpOptions } from './types.ts';

/** Without a policy nobody is an operator. */
const denyEveryone: AdminPolicy = () => false;

function adminPolicy(policy: unknown): AdminPolicy {
  if (policy === undefined) return denyEveryone;
  if (typeof policy !== 'function') throw new ConfigError('adminPolicy must be a function');
  return policy as AdminPolicy;
}

/** {@link AuthHttpOptions} validated once, in the form the request path uses. */
export interface ResolvedHttpOptions {
  readonly allowedOrigins: ReadonlySet<string>;
  readonly isTrustedProxy: ProxyMatcher;
  readonly cookie: SessionCookieSettings;
  readonly scopes: readonly string[];
  readonly bearer: 'strict' | 'stateless';
  /** `null` when the app set none: nothing is limited. */
  readonly rateLimiter: RateLimiter | null;
  /** `null` when the app set none: no step-up is asked. */
  readonly stepUp: StepUpOptions | null;
  readonly onError: (error: unknown) => void;
  /** Default: deny everyone. */
  readonly adminPolicy: AdminPolicy;
}

/** Throws `ConfigError` unless every entry is an RFC 6749 §3.3 scope-token. */
export function assertScopes(scopes: readonly string[], name = 'scopes'): readonly string[] {
  if (!Array.isArray(scopes) || !scopes.every(isScopeToken)) {
    throw new ConfigError(`${name} must be RFC 6749 scope tokens`);
  }
  return scopes;
}

function bearerMode(mode: unknown): 'strict' | 'stateless' {
  if (mode === undefined || mode === 'strict') return 'strict';
  if (mode === 'stateless') return mode;
  throw new ConfigError("bearer must be 'strict' or 'stateless'");
}

/** Throws `ConfigError` unless `stepUp` is absent or has a positive whole `maxAge`. */
export function assertStepUp(stepUp: StepUpOptions | undefined): StepUpOptions | null {
  if (stepUp === undefined) return null;
  if (
    typeof stepUp !== 'object' ||
    stepUp === null ||
    !Number.isSafeInteger(stepUp.maxAge) ||
    stepUp.maxAge <= 0
  ) {
    throw new ConfigError('stepUp.maxAge must be a positive whole number of seconds');
  }
  return { maxAge: stepUp.maxAge };
}

/** Where unexpected errors go when `onError` is not set. */
export function defaultOnError(error: unknown): void {
  console.error('[portcullis] unexpected error while handling an auth request', error);
}

const resolvedCache = new WeakMap<AuthHttpOptions, ResolvedHttpOptions>();

/**
 * Validates the options (throwing `ConfigError` at start-up rather than per request) and
 * caches the result per options object.
 */
export function resolveHttpOptions(options: AuthHttpOptions): ResolvedHttpOptions {
  const cached = resolvedCache.get(options);
  if (cached) return cached;
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('HTTP options must be an object');
  const resolved: ResolvedHttpOptions = {
    allowedOrigins: normalizeAllowedOrigins(options.allowedOrigins),
    isTrustedProxy: trustedProxyMatcher(options.trustedProxies ?? []),
    cookie: sessionCookieSettings(options.cookie),
    scopes: [...new Set(assertScopes(options.scopes ?? []))],
    bearer: bearerMode(options.bearer),
    rateLimiter: assertRateLimiter(options.rateLimiter),
    stepUp: assertStepUp(options.stepUp),
    onError: options.onError ?? defaultOnError,
    adminPolicy: adminPolicy(options.adminPolicy),
  };
  resolvedCache.set(options, resolved);
  return resolved;
}

/** The request context core stores on sessions and audit events (core cleans and caps it). */
export function requestContext(req: HttpRequest, options: ResolvedHttpOptions): RequestContext {
  return {
    ip: resolveClientIp(req, options.isTrustedProxy) ?? null,
    userAgent: req.headers.get('user-agent'),
  };
}
