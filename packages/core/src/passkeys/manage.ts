import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { PasskeyDeps } from './deps.ts';
import type { PasskeyInfo } from './info.ts';
import { toPasskeyInfo } from './info.ts';
import { passkeyName } from './input.ts';

type ManageDeps = Pick<PasskeyDeps, 'clock' | 'events' | 'repos'>;

export interface ListPasskeysInput {
  readonly userId: string;
}

/**
 * The user's passkeys, oldest first: name, created, last used, transports and whether it
 * is synced. Throws `InputError` for a malformed `userId`.
 */
export async function listPasskeys(
  deps: Pick<PasskeyDeps, 'repos'>,
  input: ListPasskeysInput,
): Promise<readonly PasskeyInfo[]> {
  const userId = parseIdentifier('userId', input.userId);
  return (await deps.repos.passkeys.listByUser(userId)).map(toPasskeyInfo);
}

export interface RenamePasskeyInput {
  readonly userId: string;
  readonly passkeyId: string;
  /** 1–64 characters, no control characters; trimmed. */
  readonly name: string;
  readonly context?: RequestContext | undefined;
}

export type RenamePasskeyResult =
  | { readonly ok: true; readonly passkey: PasskeyInfo }
  /** The user has no passkey with this id (another user's reads the same). */
  | { readonly ok: false; readonly reason: 'not_found' };

/**
 * Renames one of the user's passkeys and returns it; emits `passkey.renamed`. Throws `InputError` for a
 * malformed `userId`, `passkeyId` or `name`.
 */
export async function renamePasskey(
  deps: ManageDeps,
  input: RenamePasskeyInput,
): Promise<RenamePasskeyResult> {
  const userId = parseIdentifier('userId', input.userId);
  const passkeyId = parseIdentifier('passkeyId', input.passkeyId);
  const name = passkeyName(input.name, null);
  if (!(await deps.repos.passkeys.rename(userId, passkeyId, name))) {
    return { ok: false, reason: 'not_found' };
  }
  await deps.events.emit(
    auditEvent({ type: 'passkey.renamed', userId, passkeyId }, deps.clock.now(), input.context),
  );
  const renamed = (await deps.repos.passkeys.listByUser(userId)).find((p) => p.id === passkeyId);
  // Removed in the instant since: as if it had not been there.
  return renamed
    ? { ok: true, passkey: toPasskeyInfo(renamed) }
    : { ok: false, reason: 'not_found' };
}

export interface RemovePasskeyInput {
  readonly userId: string;
  readonly passkeyId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why a removal was refused: `not_found` (the user has no such passkey), or
 * `last_sign_in_method` (no other passkey, no password and no linked identity: removing
 * it would lock the user out).
 */
export type RemovePasskeyFailureReason = 'not_found' | 'last_sign_in_method';

export type RemovePasskeyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: RemovePasskeyFailureReason };

/**
 * Removes one of the user's passkeys, unless it is their last way to sign in (decided
 * atomically by the repository, so two removals racing for the last two passkeys leave
 * one). Emits `passkey.removed`. Throws `InputError` for a malformed `userId` or
 * `passkeyId`.
 */
export async function removePasskey(
  deps: ManageDeps,
  input: RemovePasskeyInput,
): Promise<RemovePasskeyResult> {
  const userId = parseIdentifier('userId', input.userId);
  const passkeyId = parseIdentifier('passkeyId', input.passkeyId);
  const outcome = await deps.repos.passkeys.remove(userId, passkeyId);
  if (outcome !== 'removed') return { ok: false, reason: outcome };
  await deps.events.emit(
    auditEvent({ type: 'passkey.removed', userId, passkeyId }, deps.clock.now(), input.context),
  );
  return { ok: true };
}
