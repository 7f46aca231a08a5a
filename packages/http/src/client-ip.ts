import type { IpRange, ParsedIp } from '@portcullis/core';
import { ConfigError, ipInRange, parseIp, parseIpRange } from '@portcullis/core';
import type { HttpRequest } from './types.ts';

/** Decides whether an address is one of the configured reverse proxies. */
export type ProxyMatcher = (ip: ParsedIp) => boolean;

/**
 * Compiles `trustedProxies` (exact addresses or CIDR ranges). Throws `ConfigError` for an
 * entry that is not an address: a typo must not silently trust nobody, or everybody.
 */
export function trustedProxyMatcher(trustedProxies: readonly string[]): ProxyMatcher {
  const ranges: IpRange[] = trustedProxies.map((entry) => {
    const range = typeof entry === 'string' ? parseIpRange(entry.trim()) : null;
    if (!range)
      throw new ConfigError(`trustedProxies entry "${String(entry)}" is not an IP or CIDR`);
    return range;
  });
  return (ip) => ranges.some((range) => ipInRange(ip, range));
}

/** One `X-Forwarded-For` element: an address, optionally `[v6]:port` or `v4:port`. */
function forwardedAddress(element: string): ParsedIp | null {
  const text = element.trim();
  const bracketed = /^\[([^\]]+)\](?::[0-9]{1,5})?$/.exec(text);
  if (bracketed?.[1]) return parseIp(bracketed[1]);
  const v4WithPort = /^([0-9.]+):[0-9]{1,5}$/.exec(text);
  if (v4WithPort?.[1]) return parseIp(v4WithPort[1]);
  return parseIp(text);
}

/**
 * The client address under a trusted-proxy policy.
 *
 * `X-Forwarded-For` is client-writable: each proxy *appends* the address it saw, so only
 * the entries added by our own proxies are trustworthy. We therefore read it only when the
 * socket peer is a trusted proxy, and walk it right to left, skipping trusted proxies; the
 * first address that is not one is the client. An element that is not a valid address ends
 * the walk at the last trusted hop, since nothing left of it can be believed.
 */
export function resolveClientIp(req: HttpRequest, isTrusted: ProxyMatcher): string | undefined {
  const peer = req.remoteAddress === undefined ? null : parseIp(req.remoteAddress);
  if (!peer) return undefined;
  if (!isTrusted(peer)) return peer.text;
  const header = req.headers.get('x-forwarded-for');
  if (header === null) return peer.text;
  let candidate = peer;
  const elements = header.split(',');
  for (let i = elements.length - 1; i >= 0; i--) {
    const hop = forwardedAddress(elements[i] ?? '');
    if (!hop) return candidate.text;
    candidate = hop;
    if (!isTrusted(hop)) return hop.text;
  }
  return candidate.text;
}

const matcherCache = new WeakMap<readonly string[], ProxyMatcher>();

/**
 * The client address of `req`: the socket peer, or — when the peer is one of
 * `trustedProxies` — the rightmost `X-Forwarded-For` entry that is not a trusted proxy.
 * Canonical form; IPv4-mapped IPv6 becomes IPv4. `undefined` when the peer is unknown.
 */
export function clientIp(req: HttpRequest, trustedProxies: readonly string[]): string | undefined {
  let matcher = matcherCache.get(trustedProxies);
  if (!matcher) {
    matcher = trustedProxyMatcher(trustedProxies);
    matcherCache.set(trustedProxies, matcher);
  }
  return resolveClientIp(req, matcher);
}
