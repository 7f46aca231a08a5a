import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { JsonValue } from '../repos.ts';
import { parseIdentifier } from '../validation.ts';
import type { LifecycleDeps } from './erase.ts';
import { allHooks } from './erase.ts';

/** Whose data to export. */
export interface ExportAccountInput {
  readonly userId: string;
  readonly context?: RequestContext | undefined;
}

/** The document `exportAccount` returns (GDPR art. 15 and 20): plain JSON. */
export interface AccountExport {
  readonly userId: string;
  /** ISO 8601. */
  readonly generatedAt: string;
  /** Each hook's data, by module name (core's is `portcullis`). */
  readonly modules: { readonly [module: string]: JsonValue };
  /** Modules whose export failed; their data is missing from `modules`. */
  readonly errors: readonly { readonly module: string; readonly error: 'export_failed' }[];
}

/**
 * Everything every registered hook holds about the user, in one JSON document. A hook that
 * throws is listed in `errors` and the rest still export. Contains no secret, hash or
 * token: core's part is built from allowlists, and every hook promises the same. Emits
 * `account.exported`. Throws `InputError` for a malformed id.
 */
export async function exportAccount(
  deps: LifecycleDeps,
  input: ExportAccountInput,
): Promise<AccountExport> {
  const userId = parseIdentifier('userId', input.userId);
  const now = deps.clock.now();
  const modules: Record<string, JsonValue> = {};
  const errors: { module: string; error: 'export_failed' }[] = [];
  for (const hook of allHooks(deps)) {
    try {
      modules[hook.module] = JSON.parse(
        JSON.stringify(await hook.exportUserData(userId)) ?? 'null',
      );
    } catch {
      errors.push({ module: hook.module, error: 'export_failed' });
    }
  }
  await deps.events.emit(
    auditEvent(
      { type: 'account.exported', userId, failed: errors.map((item) => item.module) },
      now,
      input.context,
    ),
  );
  return { userId, generatedAt: now.toISOString(), modules, errors };
}
