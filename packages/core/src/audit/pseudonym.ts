import { hmacSha256Hex } from '../primitives/index.ts';

/** Versioned, so a future change of the derivation cannot collide with today's pseudonyms. */
const LABEL = 'portcullis/audit-pseudonym/v1';

/**
 * The name an erased user keeps in the audit log: `erased:` and 128 bits of
 * HMAC-SHA256(server secret, label ‖ userId). The same user always gets the same pseudonym,
 * so a security review can still follow one trail; without the server secret it cannot be
 * linked back to the id, and the secret only confirms a guessed id, it does not reveal one.
 */
export async function auditPseudonym(secret: Uint8Array, userId: string): Promise<string> {
  const mac = await hmacSha256Hex(secret, `${LABEL}\u0000${userId}`);
  return `erased:${mac.slice(0, 32)}`;
}
