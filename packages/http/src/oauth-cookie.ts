/**
 * The cookie that carries a started OAuth authorization (core's sealed state: state,
 * nonce, PKCE verifier, provider) from `…/start` to `…/callback`. HttpOnly, so page
 * scripts never see the verifier; `SameSite=Lax`; it lives only as long as the state does
 * and every callback clears it, so it is spent with its first use in this browser.
 */
import type { CookieAttributes, SessionCookieSettings } from './cookies.ts';
import { readCookie, serializeCookie } from './cookies.ts';
import type { HttpRequest } from './types.ts';

/** `__Host-` when Secure: a sibling subdomain cannot plant a state of its choosing. */
function cookieName(settings: SessionCookieSettings): string {
  return settings.secure ? '__Host-portcullis_oauth' : 'portcullis_oauth';
}

function attributes(settings: SessionCookieSettings, maxAge: number): CookieAttributes {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: settings.secure, maxAge };
}

/** The `Set-Cookie` keeping `sealedState` until `expiresAt`. */
export function oauthStateCookie(
  settings: SessionCookieSettings,
  sealedState: string,
  expiresAt: Date,
  now: Date,
): string {
  const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return serializeCookie(cookieName(settings), sealedState, attributes(settings, maxAge));
}

/** The `Set-Cookie` deleting the state cookie. */
export function clearOAuthStateCookie(settings: SessionCookieSettings): string {
  return serializeCookie(cookieName(settings), '', attributes(settings, 0));
}

/** The sealed state the browser presented, or `null` (none, or two different ones). */
export function presentedOAuthState(
  req: HttpRequest,
  settings: SessionCookieSettings,
): string | null {
  const value = readCookie(req.headers.get('cookie'), cookieName(settings));
  return value === null || value === '' ? null : value;
}
