/**
 * The account-deletion tokens: an HMAC-SHA256-signed JSON claim set, `payload.mac`, both
 * base64url / hex. The MAC (under the server secret, with a versioned label as domain
 * separation) refuses a tampered or forged token without a database read; the expiry is
 * inside the signed claims; single use comes from the nonce, whose SHA-256 is stored and
 * consumed atomically by `confirmAccountDeletion`.
 */
import {
  base64url,
  constantTimeEqual,
  hmacSha256Hex,
  isRandomToken,
  utf8,
} from '../primitives/index.ts';
import { isModuleName } from './hooks.ts';

const LABEL = 'portcullis/v1/account-deletion';
/** Longest token accepted: far above any real one, refused before any work when exceeded. */
const MAX_TOKEN_LENGTH = 2048;
const USER_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const SHAPE = /^([A-Za-z0-9_-]{1,1900})\.([0-9a-f]{64})$/;

/** What a deletion token says. */
export type DeletionClaims =
  /** Mailed by `requestAccountDeletion`; `nonce` is single-use. */
  | {
      readonly kind: 'confirm';
      readonly userId: string;
      readonly exp: number;
      readonly nonce: string;
    }
  /** Returned by a partial deletion; runs only `modules` again (idempotent, so reusable). */
  | {
      readonly kind: 'retry';
      readonly userId: string;
      readonly exp: number;
      readonly modules: readonly string[];
    };

/** Why a presented token is refused. */
export type DeletionTokenFailure = 'invalid' | 'expired';

function mac(secret: Uint8Array, payload: string): Promise<string> {
  return hmacSha256Hex(secret, `${LABEL}\u0000${payload}`);
}

/** Signs claims into a token. `exp` is in whole seconds since the epoch. */
export async function signDeletionToken(
  secret: Uint8Array,
  claims: DeletionClaims,
): Promise<string> {
  const payload = base64url(utf8(JSON.stringify(claims)));
  return `${payload}.${await mac(secret, payload)}`;
}

function decodePayload(payload: string): unknown {
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}

/** The claims when they have exactly the shape `signDeletionToken` writes, else `null`. */
function parseClaims(value: unknown): DeletionClaims | null {
  if (typeof value !== 'object' || value === null) return null;
  const claims = value as Record<string, unknown>;
  const { kind, userId, exp } = claims;
  if (typeof userId !== 'string' || !USER_ID.test(userId)) return null;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp < 0) return null;
  const keys = Object.keys(claims).sort().join(',');
  if (kind === 'confirm' && keys === 'exp,kind,nonce,userId') {
    const nonce = claims.nonce;
    return typeof nonce === 'string' && isRandomToken(nonce, 256)
      ? { kind, userId, exp, nonce }
      : null;
  }
  if (kind === 'retry' && keys === 'exp,kind,modules,userId') {
    const modules = claims.modules;
    if (!Array.isArray(modules) || modules.length === 0 || modules.length > 64) return null;
    return modules.every(isModuleName) ? { kind, userId, exp, modules } : null;
  }
  return null;
}

/**
 * Verifies a presented token: shape and size first (no work for garbage), then the MAC in
 * constant time, then the claims, then expiry against `now`. Never throws for a string.
 */
export async function verifyDeletionToken(
  secret: Uint8Array,
  token: string,
  now: Date,
): Promise<{ ok: true; claims: DeletionClaims } | { ok: false; reason: DeletionTokenFailure }> {
  const match = token.length <= MAX_TOKEN_LENGTH ? SHAPE.exec(token) : null;
  const [payload, presented] = [match?.[1], match?.[2]];
  if (payload === undefined || presented === undefined) return { ok: false, reason: 'invalid' };
  if (!constantTimeEqual(await mac(secret, payload), presented))
    return { ok: false, reason: 'invalid' };
  const claims = parseClaims(decodePayload(payload));
  if (claims === null) return { ok: false, reason: 'invalid' };
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
