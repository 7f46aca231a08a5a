import { ConfigError } from '@portcullis/core';
import type { HttpRequest } from './types.ts';

/**
 * Where a request says it comes from, relative to the allowed origins:
 * - `allowed`: `Origin` (or, without it, the origin of `Referer`) is one of them;
 * - `foreign`: it names another origin, the opaque `null`, or is unparsable;
 * - `absent`: neither header was sent (non-browser clients such as curl).
 */
export type OriginCheck = 'allowed' | 'foreign' | 'absent';

/**
 * Validates `allowedOrigins` into their serialized form (RFC 6454 §6.2: lower-case scheme
 * and host, no default port, no path). Throws `ConfigError` for anything that is not a bare
 * http(s) origin, since `https://app.example.com/` with a path would never match.
 */
export function normalizeAllowedOrigins(allowedOrigins: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(allowedOrigins)) throw new ConfigError('allowedOrigins must be an array');
  const origins = new Set<string>();
  for (const entry of allowedOrigins) {
    let url: URL | null = null;
    try {
      url = typeof entry === 'string' ? new URL(entry) : null;
    } catch {
      url = null;
    }
    const bare =
      url !== null &&
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === '';
    if (!url || !bare) {
      throw new ConfigError(`allowedOrigins entry "${String(entry)}" is not an http(s) origin`);
    }
    origins.add(url.origin);
  }
  return origins;
}

function refererOrigin(referer: string): string | null {
  try {
    const url = new URL(referer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The CSRF origin check (OWASP CSRF Cheat Sheet, "Verifying Origin With Standard Headers").
 * `Origin` is compared exactly; browsers send it on every cross-origin and same-origin
 * POST. `Referer` is the fallback for older clients. `Origin: null` (sandboxed frames,
 * some redirects) is `foreign`, never allowed.
 */
export function checkOriginAgainst(req: HttpRequest, allowed: ReadonlySet<string>): OriginCheck {
  const origin = req.headers.get('origin');
  if (origin !== null) return allowed.has(origin) ? 'allowed' : 'foreign';
  const referer = req.headers.get('referer');
  if (referer === null) return 'absent';
  const fromReferer = refererOrigin(referer);
  return fromReferer !== null && allowed.has(fromReferer) ? 'allowed' : 'foreign';
}

const originCache = new WeakMap<readonly string[], ReadonlySet<string>>();

/** {@link checkOriginAgainst} with the option as given (validated once per array). */
export function checkOrigin(req: HttpRequest, allowedOrigins: readonly string[]): OriginCheck {
  let allowed = originCache.get(allowedOrigins);
  if (!allowed) {
    allowed = normalizeAllowedOrigins(allowedOrigins);
    originCache.set(allowedOrigins, allowed);
  }
  return checkOriginAgainst(req, allowed);
}

/** Methods that change state and therefore need the CSRF check (RFC 9110 §9.2.1 safe methods excluded). */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
