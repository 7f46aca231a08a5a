import {
  type AuditLogQuery,
  type AuditLogRecord,
  type AuditLogRepo,
  InputError,
} from '@portcullis/core';
import { decodeAuditCursor, encodeAuditCursor } from '@portcullis/core/adapter';
import { copy } from './store.ts';

/** Most recently stored first: the insertion number descending. */
function newestFirst(a: AuditLogRecord, b: AuditLogRecord): number {
  return Number(b.id) - Number(a.id);
}

function matches(entry: AuditLogRecord, query: AuditLogQuery): boolean {
  const at = entry.at.getTime();
  return (
    (query.userId === undefined || entry.userId === query.userId) &&
    (query.types === undefined || query.types.includes(entry.type)) &&
    (query.from === undefined || at >= query.from.getTime()) &&
    (query.to === undefined || at < query.to.getTime())
  );
}

/**
 * `AuditLogRepo` over an in-process array. It stands apart from the shared store on
 * purpose: deleting a user must not delete its trail (core pseudonymises it). Ids are an
 * insertion counter, and listings follow them.
 */
export function createMemoryAuditLogRepo(): AuditLogRepo {
  const entries = new Map<string, AuditLogRecord>();
  let lastId = 0;
  return {
    async append(entry) {
      lastId += 1;
      const id = String(lastId);
      entries.set(id, { ...copy(entry), id });
    },

    async list(query) {
      if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
        throw new InputError([{ field: 'limit', problem: 'invalid_format' }]);
      }
      const before = query.cursor === undefined ? null : decodeAuditCursor(query.cursor);
      const page = [...entries.values()]
        .filter((entry) => matches(entry, query))
        .filter((entry) => before === null || BigInt(entry.id) < before)
        .sort(newestFirst)
        .slice(0, query.limit + 1);
      const shown = page.slice(0, query.limit);
      const last = shown.at(-1);
      return {
        entries: shown.map(copy),
        nextCursor: page.length > query.limit && last ? encodeAuditCursor(last) : null,
      };
    },

    async pseudonymiseUser(userId, pseudonym) {
      let changed = 0;
      for (const [id, entry] of entries) {
        if (entry.userId !== userId && entry.actorId !== userId) continue;
        const { reason: _reason, ...rest } = entry.details;
        entries.set(id, {
          ...entry,
          userId: entry.userId === userId ? pseudonym : entry.userId,
          actorId: entry.actorId === userId ? pseudonym : entry.actorId,
          ip: null,
          userAgent: null,
          details: entry.type === 'user.banned' ? rest : entry.details,
        });
        changed += 1;
      }
      return changed;
    },

    async deleteOlderThan(before) {
      let deleted = 0;
      for (const [id, entry] of entries) {
        if (entry.at.getTime() >= before.getTime()) continue;
        entries.delete(id);
        deleted += 1;
      }
      return deleted;
    },
  };
}
