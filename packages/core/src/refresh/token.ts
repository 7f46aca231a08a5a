import type { AuthConfig } from '../config.ts';
import type { RandomSource } from '../primitives/index.ts';
import { isRandomToken, randomToken, sha256Hex } from '../primitives/index.ts';
import type { RefreshTokenRecord } from '../repos.ts';

/** Refresh tokens are 256 random bits, base64url: 43 characters. */
const REFRESH_TOKEN_BITS = 256;

/** Whether a presented value has the shape of a refresh token (checked before any lookup). */
export function isRefreshTokenShaped(token: string): boolean {
  return isRandomToken(token, REFRESH_TOKEN_BITS);
}

/** A new token of the session's family and the row that stores its hash. */
export async function newRefreshToken(
  random: RandomSource,
  config: AuthConfig,
  family: { sessionId: string; userId: string; familyExpiresAt: Date },
  now: Date,
): Promise<{ token: string; record: RefreshTokenRecord }> {
  const token = randomToken(random, REFRESH_TOKEN_BITS);
  const idleExpiry = now.getTime() + config.refreshToken.idleTtl * 1000;
  const record: RefreshTokenRecord = {
    tokenHash: await sha256Hex(token),
    sessionId: family.sessionId,
    userId: family.userId,
    createdAt: now,
    expiresAt: new Date(Math.min(idleExpiry, family.familyExpiresAt.getTime())),
    familyExpiresAt: family.familyExpiresAt,
    rotatedAt: null,
    revokedAt: null,
  };
  return { token, record };
}
