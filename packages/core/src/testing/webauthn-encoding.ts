/**
 * The byte layouts a WebAuthn authenticator produces (W3C WebAuthn Level 3 §6.1, §6.5.1,
 * §8.7; RFC 9053 §7.1), for the soft authenticator. Encoding only: keys and signatures come
 * from WebCrypto, CBOR from `@levischuck/tiny-cbor` (the codec `@simplewebauthn/server` reads
 * them with).
 */
import type { CBORType } from '@levischuck/tiny-cbor';
import { encodeCBOR } from '@levischuck/tiny-cbor';

/** Authenticator data flags (§6.1). */
export const FLAG = {
  userPresent: 0x01,
  userVerified: 0x04,
  backupEligible: 0x08,
  backedUp: 0x10,
  attestedCredentialData: 0x40,
} as const;

/** fmt "none" carries no attestation, so the AAGUID says nothing either (§6.5.1): zeros. */
const NO_AAGUID = new Uint8Array(16);

export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A P-256 public key (WebCrypto's uncompressed `raw` export, 0x04 || x || y) as a COSE_Key:
 * kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y (RFC 9053 §7.1.1).
 */
export function coseEs256Key(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  if (raw.length !== 65 || raw[0] !== 0x04) throw new Error('expected an uncompressed P-256 key');
  const key = new Map<number, CBORType>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, raw.slice(1, 33)],
    [-3, raw.slice(33, 65)],
  ]);
  return new Uint8Array(encodeCBOR(key));
}

/** The attested credential data of a new credential (§6.5.1). */
export function attestedCredentialData(
  credentialId: Uint8Array,
  coseKey: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const length = new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]);
  return concat(NO_AAGUID, length, credentialId, coseKey);
}

/** rpIdHash (32) || flags (1) || signCount (4, big-endian) || attested data (§6.1). */
export async function authenticatorData(input: {
  readonly rpId: string;
  readonly flags: number;
  readonly signCount: number;
  readonly attested?: Uint8Array;
}): Promise<Uint8Array<ArrayBuffer>> {
  const head = new Uint8Array(37);
  head.set(await sha256(new TextEncoder().encode(input.rpId)));
  head[32] = input.flags;
  new DataView(head.buffer).setUint32(33, input.signCount);
  return input.attested ? concat(head, input.attested) : head;
}

/** An attestation object with fmt "none" and an empty statement (§8.7). */
export function noneAttestationObject(authData: Uint8Array): Uint8Array<ArrayBuffer> {
  const object = new Map<string, CBORType>([
    ['fmt', 'none'],
    ['attStmt', new Map()],
    ['authData', authData],
  ]);
  return new Uint8Array(encodeCBOR(object));
}

/** A DER INTEGER from an unsigned big-endian value: minimal, positive (X.690 §8.3). */
function derInteger(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const body = value.slice(start);
  const positive = (body[0] ?? 0) & 0x80 ? concat(new Uint8Array([0]), body) : body;
  return concat(new Uint8Array([0x02, positive.length]), positive);
}

/**
 * WebCrypto signs ECDSA as r || s (IEEE P1363); WebAuthn wants the ASN.1 DER
 * Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (§6.5.6, RFC 3279 §2.2.3).
 */
export function derEcdsaSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  if (raw.length !== 64) throw new Error('expected a P-256 signature of 64 bytes');
  const body = concat(derInteger(raw.slice(0, 32)), derInteger(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}
