import { ConfigError } from '@portcullis/core';

/** RFC 6265 §4.1.1 `cookie-name`: an RFC 7230 token. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 6265 §4.1.1 `cookie-value`: cookie-octets, optionally in double quotes. */
const COOKIE_VALUE =
  /^(?:[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*|"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")$/;
/** A host name for the `Domain` attribute (letters, digits, dots, hyphens). */
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** `Path` attribute: printable ASCII except `;` (RFC 6265 §4.1.1 `path-value`). */
const PATH = /^\/[\x20-\x3A\x3C-\x7E]*$/;

/**
 * Parses a `Cookie` request header into name → values. Strict and total: a pair without
 * `=`, with a name that is not a token or a value outside cookie-octets is skipped, never
 * guessed at, and nothing here throws. A name sent more than once keeps every value, in
 * header order.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  if (typeof header !== 'string') return cookies;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    let value = pair.slice(separator + 1).trim();
    if (!COOKIE_NAME.test(name) || !COOKIE_VALUE.test(value)) continue;
    if (value.length >= 2 && value.startsWith('"')) value = value.slice(1, -1);
    const values = cookies.get(name);
    if (values) values.push(value);
    else cookies.set(name, [value]);
  }
  return cookies;
}

/**
 * The value of one cookie, or `null`. When the name appears more than once with different
 * values the answer is `null`: a sibling subdomain can plant a same-named cookie with a
 * longer `Path` (cookie tossing), which browsers send first, so picking either one could
 * sign the victim in as the attacker. Failing closed costs a stale cookie a sign-in.
 */
export function readCookie(header: string | null | undefined, name: string): string | null {
  const values = parseCookieHeader(header).get(name);
  if (!values || values.length === 0) return null;
  const [first] = values;
  if (first === undefined || values.some((value) => value !== first)) return null;
  return first;
}

/** `Set-Cookie` attributes (RFC 6265 §4.1.2, SameSite from RFC 6265bis). */
export interface CookieAttributes {
  /** Seconds; `0` deletes the cookie. */
  readonly maxAge?: number;
  readonly domain?: string;
  readonly path?: string;
  readonly secure?: boolean;
  readonly httpOnly?: boolean;
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * Builds one `Set-Cookie` value. Every part is checked against the RFC grammar, so a value
 * carrying `;`, a comma, whitespace or a line break cannot add attributes or headers
 * (cookie/header injection); such input throws instead.
 */
export function serializeCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  if (!COOKIE_NAME.test(name)) throw new ConfigError('cookie name is not an RFC 6265 token');
  if (!COOKIE_VALUE.test(value))
    throw new TypeError('cookie value contains characters outside cookie-octets');
  const parts = [`${name}=${value}`];
  if (attributes.maxAge !== undefined) {
    if (!Number.isSafeInteger(attributes.maxAge))
      throw new TypeError('cookie Max-Age must be an integer');
    parts.push(`Max-Age=${Math.max(0, attributes.maxAge)}`);
  }
  if (attributes.domain !== undefined) {
    if (!DOMAIN.test(attributes.domain)) throw new ConfigError('cookie domain is not a host name');
    parts.push(`Domain=${attributes.domain}`);
  }
  if (attributes.path !== undefined) {
    if (!PATH.test(attributes.path)) throw new ConfigError('cookie path is invalid');
    parts.push(`Path=${attributes.path}`);
  }
  if (attributes.secure) parts.push('Secure');
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.sameSite) parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/** The session cookie's resolved settings. */
export interface SessionCookieSettings {
  readonly name: string;
  readonly secure: boolean;
  readonly domain: string | undefined;
}

/**
 * Validates the `cookie` option; the default name is `__Host-portcullis_session` when the
 * cookie is Secure without a Domain, else `portcullis_session`. Throws `ConfigError` for a bad name or domain, and for a
 * `__Host-`/`__Secure-` name whose prefix rules (RFC 6265bis §4.1.3) the settings break —
 * browsers would silently drop such a cookie.
 */
export function sessionCookieSettings(
  input: { readonly name?: string; readonly secure?: boolean; readonly domain?: string } = {},
): SessionCookieSettings {
  const secure = input.secure ?? true;
  const domain = input.domain;
  // `__Host-` (Secure, Path=/, no Domain) stops a sibling subdomain from planting a session
  // cookie for this host; plain-http development cannot use it.
  const name =
    input.name ??
    (secure && domain === undefined ? '__Host-portcullis_session' : 'portcullis_session');
  if (typeof name !== 'string' || !COOKIE_NAME.test(name))
    throw new ConfigError('cookie.name is not an RFC 6265 token');
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain)))
    throw new ConfigError('cookie.domain is not a host name');
  if ((name.startsWith('__Host-') || name.startsWith('__Secure-')) && !secure)
    throw new ConfigError(`cookie.name "${name}" requires cookie.secure`);
  if (name.startsWith('__Host-') && domain !== undefined)
    throw new ConfigError(`cookie.name "${name}" forbids cookie.domain`);
  return { name, secure, domain };
}

function baseAttributes(settings: SessionCookieSettings): CookieAttributes {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: settings.secure,
    ...(settings.domain === undefined ? {} : { domain: settings.domain }),
  };
}

/** The `Set-Cookie` that hands a session token to a browser, living as long as the session. */
export function sessionCookie(
  settings: SessionCookieSettings,
  sessionToken: string,
  expiresAt: Date,
  now: Date,
): string {
  const maxAge = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
  return serializeCookie(settings.name, sessionToken, { ...baseAttributes(settings), maxAge });
}

/** The `Set-Cookie` that deletes the session cookie (same name, path and domain, `Max-Age=0`). */
export function clearSessionCookie(settings: SessionCookieSettings): string {
  return serializeCookie(settings.name, '', { ...baseAttributes(settings), maxAge: 0 });
}
