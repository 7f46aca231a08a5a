import type { DepsFor } from '../deps.ts';
import { auditEvent } from '../events/index.ts';
import { sha256Hex } from '../primitives/index.ts';
import { requireString } from '../validation.ts';
import type { RefreshTokenInput } from './rotate.ts';
import { isRefreshTokenShaped } from './token.ts';

export type RevokeRefreshTokenDeps = DepsFor<'clock' | 'events', 'refreshTokens' | 'sessions'>;

/**
 * Sign-out by refresh token (bearer-token clients): revokes the token's whole family and
 * ends its session. Answers `true` whatever the token was, like RFC 7009 §2.2, so the
 * endpoint reveals nothing about which tokens exist. Throws `InputError` only for a
 * non-string.
 */
export async function revokeRefreshToken(
  deps: RevokeRefreshTokenDeps,
  input: RefreshTokenInput,
): Promise<true> {
  const presented = requireString('refreshToken', input.refreshToken);
  if (!isRefreshTokenShaped(presented)) return true;
  const stored = await deps.repos.refreshTokens.findByHash(await sha256Hex(presented));
  if (!stored) return true;
  const now = deps.clock.now();
  if (await deps.repos.sessions.end(stored.sessionId, now)) {
    await deps.events.emit(
      auditEvent(
        { type: 'session.revoked', userId: stored.userId, sessionId: stored.sessionId },
        now,
        input.context,
      ),
    );
  }
  return true;
}
