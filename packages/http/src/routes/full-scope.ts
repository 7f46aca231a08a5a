/**
 * Account management needs the caller's full standing. A bearer token the app issued with
 * fewer scopes than its `scopes` option is a narrow credential (a reporting script, a
 * partner's integration): were it allowed to enrol a second factor, step up, mint an API
 * key or change the password, it could trade itself for a credential holding every scope
 * the app grants. Routes marked `managesAccount` therefore take only a cookie session or a
 * bearer token holding every app scope (docs/architecture.md, "Narrow tokens").
 */
import type { ResolvedHttpOptions } from '../options.ts';
import { problemResponse } from '../responses.ts';
import type { HttpResponse, Principal } from '../types.ts';

/** `null` for a cookie session or a token holding every app scope, else 403 `full_scope_required`. */
export function fullScopeRefusal(
  options: ResolvedHttpOptions,
  principal: Principal,
): HttpResponse | null {
  if (principal.via === 'cookie') return null;
  if (options.scopes.every((scope) => principal.scopes.includes(scope))) return null;
  return problemResponse('full_scope_required', {
    headers: {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${options.scopes.join(' ')}"`,
    },
  });
}
