import type { AuthConfig } from '../config.ts';
import type { SessionRecord } from '../repos.ts';
import { idleExpiresAt } from './lifetime.ts';

/**
 * A session as shown to its user or an admin. An allowlist (`Pick`), not `Omit`: a secret
 * field added to `SessionRecord` later stays private unless someone lists it here.
 */
export type SessionInfo = Pick<
  SessionRecord,
  'id' | 'userId' | 'aal' | 'ip' | 'userAgent' | 'createdAt' | 'lastUsedAt' | 'expiresAt'
> & { readonly idleExpiresAt: Date };

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
