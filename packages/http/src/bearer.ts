/** Far beyond any token we issue; longer headers are refused before any parsing. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/**
 * RFC 6750 §2.1: `Bearer` (case-insensitive, RFC 9110 §11.1), exactly one space, then a
 * token68. Anything else — another scheme, extra spaces, an empty token, non-ASCII — does
 * not match.
 */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** What an `Authorization` header holds. */
export type BearerCredentials =
  | { readonly kind: 'absent' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly token: string };

/** Reads a bearer token from an `Authorization` header value (`null` when the header is absent). Never throws. */
export function parseBearer(header: string | null | undefined): BearerCredentials {
  if (header === null || header === undefined) return { kind: 'absent' };
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH)
    return { kind: 'malformed' };
  const match = BEARER.exec(header);
  return match?.[1] ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}
