import type { AuthConfig } from '../config.ts';
import type { AssuranceLevel, SessionRecord } from '../repos.ts';
import { idleExpiresAt } from './lifetime.ts';

/** A session as shown to its user or an admin: everything but the secret hash. */
export interface SessionInfo {
  readonly id: string;
  readonly userId: string;
  readonly aal: AssuranceLevel;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

/** The public view of a stored session. */
export function toSessionInfo(session: SessionRecord, config: AuthConfig): SessionInfo {
  return {
    id: session.id,
    userId: session.userId,
    aal: session.aal,
    ip: session.ip,
    userAgent: session.userAgent,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.expiresAt,
    idleExpiresAt: idleExpiresAt(session, config),
  };
}
