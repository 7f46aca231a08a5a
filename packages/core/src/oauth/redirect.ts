/**
 * Where a browser may be sent after signing in. An open redirect on the sign-in path lets a
 * phishing link borrow the app's address (OWASP Unvalidated Redirects and Forwards Cheat
 * Sheet), so targets are relative paths unless the app allows an origin explicitly.
 */

/** The decision on a post-login redirect target. */
export type RedirectCheck =
  | { readonly ok: true; readonly target: string }
  | { readonly ok: false; readonly reason: 'not_allowed' };

const MAX_TARGET_LENGTH = 2048;

/**
 * Whether `target` may be used as a post-login redirect: a path relative to the app's
 * origin (`/account?tab=1`), or an absolute `https:`/`http:` URL whose origin is in
 * `allowedOrigins` (exact, e.g. `https://app.example.com`). Refused: `javascript:` and every
 * other scheme, protocol-relative `//host`, backslashes (`/\host`, which browsers read as
 * `//host`), control characters and whitespace, credentials in the URL, and anything over
 * 2048 characters.
 */
export function checkRedirectTarget(
  target: string,
  allowedOrigins: readonly string[] = [],
): RedirectCheck {
  const refused = { ok: false, reason: 'not_allowed' } as const;
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_TARGET_LENGTH) {
    return refused;
  }
  // Browsers strip tabs and newlines inside URLs and treat `\` as `/` (WHATWG URL §4.4), so
  // `/\evil.example` and `/\t/evil.example` both mean `//evil.example`.
  if (/[\\\s\p{Cc}\p{Cf}]/u.test(target)) return refused;
  if (target.startsWith('/')) {
    if (target.startsWith('//')) return refused;
    // Resolved against a placeholder origin: a relative path must stay on it.
    const resolved = new URL(target, 'https://portcullis.invalid');
    return resolved.origin === 'https://portcullis.invalid' ? { ok: true, target } : refused;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return refused;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refused;
  if (url.username !== '' || url.password !== '') return refused;
  return allowedOrigins.includes(url.origin) ? { ok: true, target: url.href } : refused;
}
