import type { AuthEvent } from '../events/index.ts';
import type { AuditLogEntry, JsonValue } from '../repos.ts';

/** Fields every stored event has a column for; the rest of an event goes to `details`. */
const COLUMNS = new Set(['type', 'at', 'userId', 'actorId', 'sessionId', 'ip', 'userAgent']);

/**
 * An event as the audit log stores it: the common fields in their own columns (so the log
 * can be queried by them) and the event's own fields in `details`. Events carry no secret
 * (see `AuthEvent`), so neither does the entry.
 */
export function toAuditEntry(event: AuthEvent): AuditLogEntry {
  const details: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(event)) {
    // Event fields are strings, numbers, booleans, null or arrays of strings: JSON already.
    if (!COLUMNS.has(key) && value !== undefined) details[key] = value as JsonValue;
  }
  return {
    type: event.type,
    at: event.at,
    userId: event.userId,
    actorId: event.actorId ?? null,
    sessionId: 'sessionId' in event ? event.sessionId : null,
    ip: event.ip,
    userAgent: event.userAgent,
    details,
  };
}
