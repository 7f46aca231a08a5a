/**
 * Per-key restrictions: the address ranges and origins a key may be used from. Parsed
 * strictly when a key is created, and again when it is used (stored rows are data, not
 * trusted code), so a range that no longer parses restricts to nothing rather than to all.
 */
import { InputError } from '../errors.ts';
import { ipInRange, parseIp, parseIpRange } from '../primitives/index.ts';

/** At most this many ranges and origins per key. */
export const MAX_RESTRICTIONS = 32;
const MAX_ENTRY_LENGTH = 128;

function list(field: string, value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError([{ field, problem: 'invalid_type' }]);
  if (value.length > MAX_RESTRICTIONS) throw new InputError([{ field, problem: 'too_long' }]);
  for (const entry of value) {
    if (typeof entry !== 'string') throw new InputError([{ field, problem: 'invalid_type' }]);
    if (entry.length > MAX_ENTRY_LENGTH) throw new InputError([{ field, problem: 'too_long' }]);
  }
  return value as readonly string[];
}

/**
 * Validates `allowedIps`: each an IPv4 or IPv6 address or CIDR range (`203.0.113.0/24`,
 * `2001:db8::/32`). Returns them deduplicated as given. Throws `InputError` otherwise.
 */
export function parseAllowedIps(value: unknown): readonly string[] {
  const entries = list('allowedIps', value);
  if (!entries.every((entry) => parseIpRange(entry) !== null))
    throw new InputError([{ field: 'allowedIps', problem: 'invalid_format' }]);
  return [...new Set(entries)];
}

/**
 * Validates `allowedOrigins`: each an `https:` origin (`http:` only for `localhost`),
 * scheme, host and optional port, nothing else. Returns them serialised as browsers send
 * them in `Origin` (RFC 6454 §6.2), deduplicated. Throws `InputError` otherwise.
 */
export function parseAllowedOrigins(value: unknown): readonly string[] {
  const entries = list('allowedOrigins', value).map((entry) => {
    const url = URL.canParse(entry) ? new URL(entry) : null;
    const scheme =
      url?.protocol === 'https:' || (url?.protocol === 'http:' && url.hostname === 'localhost');
    if (!url || !scheme || url.origin !== entry.replace(/\/$/, '').toLowerCase())
      throw new InputError([{ field: 'allowedOrigins', problem: 'invalid_format' }]);
    return url.origin;
  });
  return [...new Set(entries)];
}

/** Why a request falls outside a key's restrictions. */
export type ApiKeyRestrictionFailure = 'ip_not_allowed' | 'origin_not_allowed';

/** Where a request came from, as the caller knows it. */
export interface ApiKeyRequestOrigin {
  /** The client address (after trusted proxies are resolved). */
  readonly ip?: string | null | undefined;
  /** The request's `Origin` header, as sent. */
  readonly origin?: string | null | undefined;
}

/** `null` when the request may use the key, else why not. */
export function checkRestrictions(
  key: { readonly allowedIps: readonly string[]; readonly allowedOrigins: readonly string[] },
  request: ApiKeyRequestOrigin,
): ApiKeyRestrictionFailure | null {
  if (key.allowedIps.length > 0) {
    const ip = typeof request.ip === 'string' ? parseIp(request.ip) : null;
    const inside =
      ip !== null &&
      key.allowedIps.some((entry) => {
        const range = parseIpRange(entry);
        return range !== null && ipInRange(ip, range);
      });
    if (!inside) return 'ip_not_allowed';
  }
  if (key.allowedOrigins.length > 0) {
    // Exact match of the serialised origin; `null` (opaque origins) never matches.
    if (typeof request.origin !== 'string' || !key.allowedOrigins.includes(request.origin))
      return 'origin_not_allowed';
  }
  return null;
}
