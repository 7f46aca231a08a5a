import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { sha256Hex } from '../primitives/index.ts';
import { requireString } from '../validation.ts';
import type { DeletionTokenFailure } from './deletion-token.ts';
import { signDeletionToken, verifyDeletionToken } from './deletion-token.ts';
import type { LifecycleDeps, ModuleReport } from './erase.ts';
import { lockOutForErasure, runPurge } from './erase.ts';
import { ownsOrganization } from './ownership.ts';

/** A deletion confirmation (from the mail) or a retry token (from a partial deletion). */
export interface ConfirmAccountDeletionInput {
  readonly token: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why a token was refused: `invalid` (unknown, used, replaced, tampered with, or not a
 * token) or `expired`; `owns_organization` when the user came to own an organization after
 * requesting deletion (the token is not spent: it works once the ownership moves).
 */
export type ConfirmAccountDeletionFailureReason = DeletionTokenFailure | 'owns_organization';

export type ConfirmAccountDeletionResult =
  /** Every hook purged its data: the account is gone. */
  | { readonly ok: true; readonly status: 'deleted'; readonly report: readonly ModuleReport[] }
  /**
   * Some hooks failed (`report` says which). The account is already barred and every
   * session ended; present `retryToken` to run only the failed hooks again.
   */
  | {
      readonly ok: true;
      readonly status: 'incomplete';
      readonly report: readonly ModuleReport[];
      readonly retryToken: string;
      readonly retryExpiresAt: Date;
    }
  | { readonly ok: false; readonly reason: ConfirmAccountDeletionFailureReason };

/**
 * Completes an account deletion. With the mailed token: checks its signature and expiry,
 * consumes its nonce atomically (a replay, or the older of two requests, is `invalid`),
 * bars the user and ends every session and refresh family at once, then runs every
 * registered `DataSubjectHook`'s purge, core's last. When some fail, the result lists them
 * with a retry token (signed, valid `accountDeletion.ttl`) that runs only those hooks again;
 * retrying is idempotent, so the retry token may be presented more than once. A user who
 * owns an organization is refused (`owns_organization`) before the token is spent; one
 * made owner after that check (a transfer racing the lock-out), or before a retry, is
 * refused by storage: core's module reports `refused` (`owns_organization`), nothing of
 * core's is deleted, and the result is `incomplete` with a retry token that works once the
 * ownership moves. Throws `InputError` only for a non-string token.
 */
export async function confirmAccountDeletion(
  deps: LifecycleDeps,
  input: ConfirmAccountDeletionInput,
): Promise<ConfirmAccountDeletionResult> {
  const token = requireString('token', input.token);
  const now = deps.clock.now();
  const verified = await verifyDeletionToken(deps.config.secret, token, now);
  if (!verified.ok) return verified;
  const { claims } = verified;

  let modules: readonly string[] | null = null;
  if (claims.kind === 'confirm') {
    // Checked before the nonce is spent; the request checked too, but the user may have
    // founded an organization since.
    if (await ownsOrganization(deps, claims.userId))
      return { ok: false, reason: 'owns_organization' };
    const consumed = await deps.repos.verificationTokens.consume(
      'account_deletion',
      await sha256Hex(claims.nonce),
      now,
    );
    if (!consumed || consumed.userId !== claims.userId) return { ok: false, reason: 'invalid' };
    await deps.events.emit(
      auditEvent({ type: 'account.deletion_confirmed', userId: claims.userId }, now, input.context),
    );
    await lockOutForErasure(deps, claims.userId, input.context);
  } else {
    modules = claims.modules;
  }

  const report = await runPurge(deps, claims.userId, modules, input.context);
  const failed = report.filter((item) => item.status !== 'purged').map((item) => item.module);
  if (failed.length === 0) return { ok: true, status: 'deleted', report };
  const retryExpiresAt = new Date(now.getTime() + deps.config.accountDeletion.ttl * 1000);
  const retryToken = await signDeletionToken(deps.config.secret, {
    kind: 'retry',
    userId: claims.userId,
    exp: Math.floor(retryExpiresAt.getTime() / 1000),
    modules: failed,
  });
  return { ok: true, status: 'incomplete', report, retryToken, retryExpiresAt };
}
