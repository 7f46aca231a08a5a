/**
 * The state an authorization keeps between the redirect and the callback (state, nonce,
 * PKCE verifier, provider, redirect target), sealed so the browser carries it without
 * being able to read or change it: a JWE (`dir`, `A256GCM`, RFC 7516) under a key derived
 * from the server secret. The HTTP layer keeps it in a short-lived HttpOnly cookie.
 */
import { EncryptJWT, jwtDecrypt } from 'jose';
import { deriveSubkey } from '../keys/index.ts';

/** What an authorization remembers. */
export interface PendingAuthorization {
  readonly provider: string;
  readonly state: string;
  /** OIDC only. */
  readonly nonce: string | null;
  readonly codeVerifier: string;
  /** Checked against the redirect policy when the authorization started. */
  readonly redirectTo: string | null;
  /** Set when a signed-in user is linking the identity to their account. */
  readonly linkUserId: string | null;
}

const TYPE = 'portcullis-oauth-state';

function stateKey(secret: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return deriveSubkey(secret, 'oauth-state');
}

/** Seals `pending` until `expiresAt`. */
export async function sealAuthorization(
  secret: Uint8Array,
  pending: PendingAuthorization,
  now: Date,
  expiresAt: Date,
): Promise<string> {
  return new EncryptJWT({ typ: TYPE, ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .encrypt(await stateKey(secret));
}

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const textOrNull = (value: unknown): value is string | null => value === null || text(value);

/**
 * The authorization sealed in `sealed`, or `null` when it is not ours, was tampered
 * with, has expired (no clock tolerance: it lives minutes) or is malformed.
 */
export async function openAuthorization(
  secret: Uint8Array,
  sealed: string,
  now: Date,
): Promise<PendingAuthorization | null> {
  if (sealed.length === 0 || sealed.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, await stateKey(secret), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      currentDate: now,
      requiredClaims: ['exp'],
    });
    const { typ, provider, state, nonce, codeVerifier, redirectTo, linkUserId } = payload;
    if (typ !== TYPE || !text(provider) || !text(state) || !text(codeVerifier)) return null;
    if (!textOrNull(nonce) || !textOrNull(redirectTo) || !textOrNull(linkUserId)) return null;
    return { provider, state, nonce, codeVerifier, redirectTo, linkUserId };
  } catch {
    return null;
  }
}
