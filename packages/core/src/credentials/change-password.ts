import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasswordRefusal } from '../password/index.ts';
import { normalizePassword } from '../password/index.ts';
import { revokeAllSessions } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import { screenNewPassword } from './screen-password.ts';

export type ChangePasswordDeps = DepsFor<
  'config' | 'clock' | 'events' | 'hasher' | 'passwordScreen',
  'users' | 'sessions' | 'refreshTokens' | 'verificationTokens'
>;

export interface ChangePasswordInput {
  readonly userId: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The session making the change stays signed in; every other session ends. */
  readonly currentSessionId?: string;
  readonly context?: RequestContext | undefined;
}

/**
 * `invalid_credentials`: the current password is wrong, the account is gone, or the
 * password was changed concurrently. `password_too_common` / `password_breached`: the
 * password screen refused the new password (checked only once the current one is proved).
 */
export type ChangePasswordFailureReason = 'invalid_credentials' | PasswordRefusal;

export type ChangePasswordResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: ChangePasswordFailureReason };

/**
 * Changes the password of a signed-in user, who must present the current one (a hijacked
 * session alone cannot lock the owner out). Other sessions and their refresh tokens are
 * revoked. `invalid_credentials` when the current password is wrong or the password was
 * changed concurrently (the write is compare-and-set on the hash that was checked);
 * `password_too_common` / `password_breached` when the screen refuses the new one.
 * Throws `InputError` for a malformed id or a new password outside the password policy.
 */
export async function changePassword(
  deps: ChangePasswordDeps,
  input: ChangePasswordInput,
): Promise<ChangePasswordResult> {
  const current = normalizePassword(input.currentPassword, {
    minLength: 1,
    maxLength: deps.config.password.maxLength,
  });
  const next = normalizePassword(input.newPassword, deps.config.password);
  const user = await deps.repos.users.findById(parseIdentifier('userId', input.userId));
  if (
    !user?.passwordHash ||
    user.deletedAt ||
    !(await deps.hasher.verify(user.passwordHash, current))
  ) {
    return { ok: false, reason: 'invalid_credentials' };
  }
  // After the current password is proved: the screen answers nothing to a session thief.
  const refusal = await screenNewPassword(deps, next, 'change', user.id, input.context);
  if (refusal !== null) return { ok: false, reason: refusal };
  const now = deps.clock.now();
  const nextHash = await deps.hasher.hash(next);
  if (!(await deps.repos.users.replacePasswordHash(user.id, user.passwordHash, nextHash, now))) {
    return { ok: false, reason: 'invalid_credentials' };
  }
  // A reset link mailed before the change must not undo it (OWASP Forgot Password).
  await deps.repos.verificationTokens.deleteByUser(user.id, 'password_reset');
  await revokeAllSessions(deps, {
    userId: user.id,
    ...(input.currentSessionId ? { exceptSessionId: input.currentSessionId } : {}),
    context: input.context,
  });
  await deps.events.emit(
    auditEvent({ type: 'password.changed', userId: user.id }, now, input.context),
  );
  return { ok: true };
}
