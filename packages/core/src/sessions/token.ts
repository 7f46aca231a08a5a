import type { RandomSource } from '../primitives/index.ts';
import { randomToken } from '../primitives/index.ts';

/**
 * Session tokens are `<id>.<secret>`: the id (128 bits) finds the row, the secret
 * (256 bits) proves possession. Only SHA-256(secret) is stored, so a database leak yields
 * ids but no usable token, and lookup by id keeps the hash comparison constant-time
 * instead of being an indexed search on the secret itself.
 */
const SESSION_TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** A freshly generated session id and secret. */
export function newSessionToken(random: RandomSource): {
  id: string;
  secret: string;
  token: string;
} {
  const id = randomToken(random, 128);
  const secret = randomToken(random, 256);
  return { id, secret, token: `${id}.${secret}` };
}

/** Splits a presented token, or returns `null` when it is not shaped like one of ours. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  if (token.length !== 66) return null;
  const match = SESSION_TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  return { id: match[1], secret: match[2] };
}
