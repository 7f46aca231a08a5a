/**
 * Magic-link tokens: `<payload>.<mac>`, both base64url. The payload is the JSON
 * `{ v, e, n, x, i }` (version, email, nonce, expiry in Unix seconds, intent); the MAC is
 * HMAC-SHA256 (RFC 2104) of the payload's base64url text under a key of its own, derived
 * from `config.secret` (HKDF, `portcullis/v1/magic-link`). The token is self-describing so
 * that a tampered or expired link is refused without touching storage; the nonce makes it
 * single-use, since only a hash of it is stored and consuming that row is atomic.
 */
import { deriveSubkey } from '../keys/index.ts';
import { base64url, fromBase64url, sha256Hex, utf8 } from '../primitives/index.ts';

/** What following the link may do: sign in to an account, or create one (`passwordless.signUp`). */
export type MagicLinkIntent = 'sign_in' | 'sign_up';

/** What a magic-link token carries, signed. */
export interface MagicLinkClaims {
  /** The address the link was mailed to (NFKC-normalised, as stored). */
  readonly email: string;
  /** 128 random bits, base64url. Storage holds only `magicLinkNonceHash(nonce)`. */
  readonly nonce: string;
  /** Whole seconds: the token's `x` is Unix seconds. */
  readonly expiresAt: Date;
  readonly intent: MagicLinkIntent;
}

/** Why a token was refused before any lookup. */
export type MagicLinkTokenFailure = 'malformed' | 'bad_signature' | 'expired';

export type MagicLinkTokenCheck =
  | { readonly ok: true; readonly claims: MagicLinkClaims }
  | { readonly ok: false; readonly reason: MagicLinkTokenFailure };

/** Longest token accepted; a 254-character address makes one of about 450. */
export const MAGIC_LINK_TOKEN_MAX_LENGTH = 1024;

/** The payload, a dot, and the 32-byte MAC (43 base64url characters). */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{22}$/;
const INTENTS: readonly string[] = ['sign_in', 'sign_up'] satisfies MagicLinkIntent[];

/** One imported key per secret buffer (importing costs about as much as the MAC). */
const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function linkKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = deriveSubkey(secret, 'magic-link').then((raw) =>
      crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ]),
    );
    keys.set(secret, key);
  }
  return key;
}

/** Signs `claims` into a token under the magic-link key derived from `secret`. */
export async function signMagicLinkToken(
  secret: Uint8Array,
  claims: MagicLinkClaims,
): Promise<string> {
  const payload = base64url(
    utf8(
      JSON.stringify({
        v: 1,
        e: claims.email,
        n: claims.nonce,
        x: Math.floor(claims.expiresAt.getTime() / 1000),
        i: claims.intent,
      }),
    ),
  );
  const mac = await crypto.subtle.sign('HMAC', await linkKey(secret), utf8(payload));
  return `${payload}.${base64url(new Uint8Array(mac))}`;
}

/**
 * Checks a presented token: its shape (`malformed`, before any cryptography), its MAC
 * (`bad_signature`; WebCrypto's `verify` compares in constant time) and its expiry against
 * `now` (`expired`). Only a token that passes all three yields claims. Any string may be
 * presented; none makes this throw.
 */
export async function verifyMagicLinkToken(
  secret: Uint8Array,
  token: string,
  now: Date,
): Promise<MagicLinkTokenCheck> {
  const parts = token.length <= MAGIC_LINK_TOKEN_MAX_LENGTH ? TOKEN_SHAPE.exec(token) : null;
  const mac = parts?.[2] === undefined ? null : fromBase64url(parts[2]);
  const payload = parts?.[1];
  if (payload === undefined || mac === null) return { ok: false, reason: 'malformed' };
  const valid = await crypto.subtle.verify('HMAC', await linkKey(secret), mac, utf8(payload));
  if (!valid) return { ok: false, reason: 'bad_signature' };
  const claims = parseClaims(payload);
  if (claims === null) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The claims of a payload we signed, or `null` (a key shared with a foreign format). */
function parseClaims(payload: string): MagicLinkClaims | null {
  const bytes = fromBase64url(payload);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { v, e, n, x, i } = value as Record<string, unknown>;
  if (v !== 1 || typeof e !== 'string' || e.length > 254) return null;
  if (typeof n !== 'string' || !NONCE_SHAPE.test(n)) return null;
  if (!Number.isSafeInteger(x) || typeof i !== 'string' || !INTENTS.includes(i)) return null;
  return {
    email: e,
    nonce: n,
    expiresAt: new Date((x as number) * 1000),
    intent: i as MagicLinkIntent,
  };
}

/**
 * What storage holds for a link: SHA-256 of the nonce under a label of its own, so it can
 * never equal the hash of any other kind of token (a verification or reset link).
 */
export function magicLinkNonceHash(nonce: string): Promise<string> {
  return sha256Hex(`magic_link\u0000${nonce}`);
}
