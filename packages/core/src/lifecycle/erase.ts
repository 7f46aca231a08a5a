import { auditPseudonym } from '../audit/index.ts';
import type { AuthDeps } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { softDeleteUser } from '../users/index.ts';
import { parseIdentifier } from '../validation.ts';
import { coreDataSubjectHook } from './core-hook.ts';
import type { ErasureRefusalReason } from './erasure-refusal.ts';
import { ErasureRefusal } from './erasure-refusal.ts';
import type { DataSubjectHook } from './hooks.ts';
import { CORE_MODULE } from './hooks.ts';
import { ownsOrganization } from './ownership.ts';

/** What erasure and export use. */
export type LifecycleDeps = Pick<
  AuthDeps,
  'config' | 'clock' | 'events' | 'dataSubjectHooks' | 'repos'
>;

/**
 * One module's part in an erasure: `purged`, `failed` (its hook threw), or `refused` with
 * a reason: core refuses (`owns_organization`, deleting nothing of its own) while the user
 * owns an organization. A retry runs every module not `purged`.
 */
export type ModuleReport =
  | { readonly module: string; readonly status: 'purged' | 'failed' }
  | {
      readonly module: string;
      readonly status: 'refused';
      readonly reason: ErasureRefusalReason;
    };

/** Every registered hook, the app's in registration order, then core's. */
export function allHooks(deps: LifecycleDeps): readonly DataSubjectHook[] {
  return [...deps.dataSubjectHooks, coreDataSubjectHook(deps)];
}

/**
 * Bars the user at once: marks them deleted (no new session can be created from now on)
 * and ends every session and refresh-token family in one repository step, before any
 * hook runs. A user already gone is left alone.
 */
export async function lockOutForErasure(
  deps: LifecycleDeps,
  userId: string,
  context: RequestContext | undefined,
): Promise<void> {
  await softDeleteUser(deps, { userId, context });
}

/**
 * Runs the purge of each hook named in `modules` (all when absent), one after another; a
 * hook that throws is reported `failed` and the others still run. Emits `account.erased`
 * under the user's pseudonym once core's hook has run (the trail holds no id afterwards).
 */
export async function runPurge(
  deps: LifecycleDeps,
  userId: string,
  modules: readonly string[] | null,
  context: RequestContext | undefined,
): Promise<readonly ModuleReport[]> {
  const report: ModuleReport[] = [];
  for (const hook of allHooks(deps)) {
    if (modules !== null && !modules.includes(hook.module)) continue;
    try {
      await hook.purgeUserData(userId);
      report.push({ module: hook.module, status: 'purged' });
    } catch (error) {
      // The error may hold personal data; the report says only which module failed, or
      // core's typed reason for refusing.
      report.push(
        error instanceof ErasureRefusal
          ? { module: hook.module, status: 'refused', reason: error.reason }
          : { module: hook.module, status: 'failed' },
      );
    }
  }
  const coreDone = report.some((item) => item.module === CORE_MODULE && item.status === 'purged');
  const failed = report.filter((item) => item.status !== 'purged').map((item) => item.module);
  await deps.events.emit(
    auditEvent(
      {
        type: 'account.erased',
        userId: coreDone ? await auditPseudonym(deps.config.secret, userId) : userId,
        modules: report.map((item) => item.module),
        failed,
      },
      deps.clock.now(),
      // Under the pseudonym the event keeps no address or agent: only the acting operator.
      coreDone ? { actorId: context?.actorId ?? null } : context,
    ),
  );
  return report;
}

/** Whom an operator erases, and optionally only which modules (a retry). */
export interface EraseAccountInput {
  readonly userId: string;
  /** Only these modules' hooks (default: every hook). */
  readonly modules?: readonly string[];
  readonly context?: RequestContext | undefined;
}

/**
 * Why an operator's erasure was refused: `owns_organization` while the user owns an
 * organization (transfer it first, e.g. `transferOwnership` with the owner's `userId`).
 */
export type EraseAccountFailureReason = 'owns_organization';

export type EraseAccountResult =
  | { readonly ok: true; readonly report: readonly ModuleReport[] }
  | { readonly ok: false; readonly reason: EraseAccountFailureReason };

/**
 * Erases a user without a confirmation mail, for operators (the admin API's permanent
 * delete) and for retrying a partial deletion: ends every session at once, then runs each
 * hook's purge. Idempotent; returns the per-module report. Refused, with nothing done,
 * while the user owns an organization (`owns_organization`): there is no override, since
 * an organization without an owner has nobody who may manage or transfer it. Ownership
 * gained after that check (a transfer racing the lock-out) is refused by storage: core's
 * module reports `refused` (`owns_organization`) and the account row stays, locked out,
 * until a retry after the ownership moves. Throws `InputError` for a malformed id.
 */
export async function eraseAccount(
  deps: LifecycleDeps,
  input: EraseAccountInput,
): Promise<EraseAccountResult> {
  const userId = parseIdentifier('userId', input.userId);
  const modules = input.modules === undefined ? null : input.modules.map(String);
  if (await ownsOrganization(deps, userId)) return { ok: false, reason: 'owns_organization' };
  await lockOutForErasure(deps, userId, input.context);
  return { ok: true, report: await runPurge(deps, userId, modules, input.context) };
}
