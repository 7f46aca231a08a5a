import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { sha256Hex } from '../primitives/index.ts';
import type { RefreshTokenRecord } from '../repos.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { recordSessionUse, sessionExpiry, toSessionInfo } from '../sessions/index.ts';
import { requireString } from '../validation.ts';
import { isRefreshTokenShaped, newRefreshToken } from './token.ts';

export type RotateRefreshTokenDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events',
  'refreshTokens' | 'sessions'
>;

/**
 * Why a refresh was refused:
 * - `invalid`: unknown, or not shaped like a refresh token (then nothing was looked up).
 * - `expired`: past its idle or family lifetime.
 * - `revoked`: its family was revoked (sign-out, password reset, earlier replay).
 * - `session_ended`: its session is gone or expired; the family is revoked now.
 * - `replay_detected`: an already-rotated token was presented again — a sign it was
 *   stolen (OAuth 2.0 Security BCP, RFC 9700 §4.14.2). The family and its session are revoked.
 * - `concurrent_rotation`: the token was rotated less than `refreshToken.reuseGrace`
 *   seconds ago, typically by another tab; nothing is revoked, and the client should use
 *   the token the other request received.
 */
export type RefreshFailureReason =
  | 'invalid'
  | 'expired'
  | 'revoked'
  | 'session_ended'
  | 'replay_detected'
  | 'concurrent_rotation';

/** A refresh token presented by a client. */
export interface RefreshTokenInput {
  readonly refreshToken: string;
  readonly context?: RequestContext | undefined;
}

export type RefreshRotationResult =
  | {
      readonly ok: true;
      readonly refreshToken: string;
      readonly expiresAt: Date;
      readonly session: SessionInfo;
    }
  | { readonly ok: false; readonly reason: RefreshFailureReason };

/**
 * Exchanges a refresh token for its successor. The exchange is one atomic repository step,
 * so of any number of concurrent presentations of one token exactly one succeeds; a later
 * presentation of the rotated token is treated as theft (see {@link RefreshFailureReason}).
 * Throws `InputError` only for a non-string.
 */
export async function rotateRefreshToken(
  deps: RotateRefreshTokenDeps,
  input: RefreshTokenInput,
): Promise<RefreshRotationResult> {
  const presented = requireString('refreshToken', input.refreshToken);
  if (!isRefreshTokenShaped(presented)) return { ok: false, reason: 'invalid' };
  const now = deps.clock.now();
  const tokenHash = await sha256Hex(presented);
  // Token and session in one read: the refresh path's only lookup before the rotation.
  const found = await deps.repos.refreshTokens.findWithSession(tokenHash);
  if (!found) return { ok: false, reason: 'invalid' };
  const { token: stored, session } = found;
  if (stored.revokedAt) return { ok: false, reason: 'revoked' };
  if (stored.rotatedAt) return refuseReuse(deps, stored, now, input.context);
  if (Math.min(stored.expiresAt.getTime(), stored.familyExpiresAt.getTime()) <= now.getTime()) {
    return { ok: false, reason: 'expired' };
  }

  if (!session || session.userId !== stored.userId || sessionExpiry(session, deps.config, now)) {
    // One step: an expired session row goes with its family.
    await deps.repos.sessions.end(stored.sessionId, now);
    return { ok: false, reason: 'session_ended' };
  }

  const next = await newRefreshToken(deps.random, deps.config, stored, now);
  const rotation = await deps.repos.refreshTokens.rotate(tokenHash, next.record, now);
  if (!rotation.ok) {
    // Lost the race to a concurrent rotation, or the family was revoked meanwhile.
    if (!rotation.current || rotation.current.revokedAt) return { ok: false, reason: 'revoked' };
    // Still live yet not rotated: the user was banned or deleted (the repository refused).
    if (!rotation.current.rotatedAt) return { ok: false, reason: 'session_ended' };
    return refuseReuse(deps, rotation.current, now, input.context);
  }

  const used = await recordSessionUse(deps, session, now);
  await deps.events.emit(
    auditEvent(
      { type: 'refresh.rotated', userId: stored.userId, sessionId: stored.sessionId },
      now,
      input.context,
    ),
  );
  return {
    ok: true,
    refreshToken: next.token,
    expiresAt: next.record.expiresAt,
    session: toSessionInfo(used, deps.config),
  };
}

/** A rotated token came back: within the grace window it is a race, beyond it a replay. */
async function refuseReuse(
  deps: RotateRefreshTokenDeps,
  token: RefreshTokenRecord,
  now: Date,
  context: RequestContext | undefined,
): Promise<RefreshRotationResult> {
  const rotatedAt = token.rotatedAt?.getTime() ?? now.getTime();
  if (now.getTime() - rotatedAt < deps.config.refreshToken.reuseGrace * 1000) {
    return { ok: false, reason: 'concurrent_rotation' };
  }
  await deps.repos.sessions.end(token.sessionId, now);
  await deps.events.emit(
    auditEvent(
      { type: 'refresh.replay_detected', userId: token.userId, sessionId: token.sessionId },
      now,
      context,
    ),
  );
  return { ok: false, reason: 'replay_detected' };
}
