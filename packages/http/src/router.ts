import { InputError } from '@portcullis/core';
import type { Route } from './routes/route.ts';

/** The outcome of matching a request against the route table. */
export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method_not_allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

function decodeSegment(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InputError([{ field: name, problem: 'invalid_format' }]);
  }
}

/** The raw `:name` captures when `path` fits `pattern`, else `null`. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const segment = actual[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

/**
 * Finds the route for a method and path. Exact segments only: no trailing-slash or case
 * folding, so one resource has one spelling. Parameters are percent-decoded; a malformed
 * escape is an `InputError`. HEAD is answered as GET.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  // RFC 9110 §9.3.2: HEAD is GET without the body, which the server drops.
  const effective = method === 'HEAD' ? 'GET' : method;
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method !== effective) {
      // HEAD is served wherever GET is, so `Allow` must name it too (RFC 9110 §15.5.6).
      allow.push(...(route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]));
      continue;
    }
    const decoded: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) decoded[name] = decodeSegment(name, value);
    return { kind: 'route', route, params: decoded };
  }
  return allow.length > 0 ? { kind: 'method_not_allowed', allow } : { kind: 'none' };
}
