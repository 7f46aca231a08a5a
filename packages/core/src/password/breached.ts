/**
 * A `BreachedPasswordChecker` over a k-anonymity range API (the Pwned Passwords protocol):
 * the SHA-1 of the password is computed here, only its first 5 hex characters are sent,
 * and the server answers every suffix it knows under that prefix, which is compared here.
 * Neither the password nor its full hash leaves the process.
 */
import { hex, utf8 } from '../primitives/index.ts';
import type { BreachedPasswordChecker } from './screen.ts';

export interface RangeApiOptions {
  /** Base URL the 5-character prefix is appended to. Default the public Pwned Passwords API. */
  readonly endpoint?: string;
  /** Give up after this long (the screen then lets the password through). Default 2000 ms. */
  readonly timeoutMs?: number;
  /** Count a password as breached from this many sightings. Default 1. */
  readonly minimumCount?: number;
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

/** One answer line: a 35-character upper-case hex suffix, a colon, a count. */
const LINE = /^([0-9A-F]{35}):(\d{1,12})$/;
/** An answer larger than this is not a range response: refused rather than parsed. */
const MAX_RESPONSE_CHARS = 4 * 1024 * 1024;

export function createRangeApiBreachChecker(
  options: RangeApiOptions = {},
): BreachedPasswordChecker {
  const endpoint = options.endpoint ?? 'https://api.pwnedpasswords.com/range/';
  const timeoutMs = options.timeoutMs ?? 2000;
  const minimumCount = options.minimumCount ?? 1;
  const fetchRange = options.fetch ?? globalThis.fetch;
  return {
    async isBreached(password) {
      // SHA-1 is what the corpus is indexed by; it protects nothing here (the prefix is
      // public by design), so its weakness as a hash does not matter.
      const digest = hex(new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(password))));
      const sha1 = digest.toUpperCase();
      const response = await fetchRange(`${endpoint}${sha1.slice(0, 5)}`, {
        // Padding makes every answer about the same size, so an observer of the (TLS)
        // traffic cannot tell prefixes apart by length.
        headers: { 'add-padding': 'true' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`breached-password range API answered ${response.status}`);
      const body = await response.text();
      if (body.length > MAX_RESPONSE_CHARS)
        throw new Error('breached-password range API answer is too large');
      const suffix = sha1.slice(5);
      for (const line of body.split('\n')) {
        const match = LINE.exec(line.trim());
        // Padding lines carry a count of 0 and never match a real password.
        if (match?.[1] === suffix) return Number(match[2]) >= minimumCount;
      }
      return false;
    },
  };
}
