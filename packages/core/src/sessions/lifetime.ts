import type { AuthConfig } from '../config.ts';
import type { SessionRecord } from '../repos.ts';

/** Why a stored session can no longer be used. */
export type SessionExpiry = 'expired' | 'idle_timeout';

/** When the session dies of inactivity if not used again. */
export function idleExpiresAt(session: SessionRecord, config: AuthConfig): Date {
  return new Date(session.lastUsedAt.getTime() + config.session.idleTtl * 1000);
}

/**
 * Whether the session is past its absolute lifetime or its idle timeout
 * (OWASP Session Management: both bound how long a stolen token stays useful).
 */
export function sessionExpiry(
  session: SessionRecord,
  config: AuthConfig,
  now: Date,
): SessionExpiry | null {
  if (session.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (idleExpiresAt(session, config).getTime() <= now.getTime()) return 'idle_timeout';
  return null;
}
