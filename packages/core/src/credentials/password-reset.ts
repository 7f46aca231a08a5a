import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasswordRefusal } from '../password/index.ts';
import { normalizePassword } from '../password/index.ts';
import { randomToken, sha256Hex } from '../primitives/index.ts';
import { revokeAllSessions } from '../sessions/index.ts';
import { normalizeEmail } from './email.ts';
import { issueSecret } from './issue-secret.ts';
import { recordWithheldMail } from './mail-withheld.ts';
import { writeDecoy } from './pending-sign-up.ts';
import { screenNewPassword } from './screen-password.ts';
import { dropUnprovenCredentials } from './unproven-credentials.ts';
import { isLinkToken, LINK_TOKEN_BITS } from './verification-secrets.ts';

/** Who forgot their password. */
export interface RequestPasswordResetInput {
  readonly email: string;
  readonly context?: RequestContext | undefined;
}

/** Always the same answer, so the endpoint reveals no account. */
/** Always `{ ok: true }` while the flow is on, so the endpoint reveals no account. */
export type RequestPasswordResetResult = { readonly ok: true } | FlowDisabled;

export type RequestPasswordResetDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer',
  'users' | 'verificationTokens' | 'pendingSignUps'
>;

/**
 * "Forgot password." Always answers `{ ok: true }`, so the endpoint does not reveal which
 * addresses have accounts. For an active account it mails a single-use reset link token
 * (256 bits, stored as SHA-256, lifetime `passwordReset.ttl`) to the *stored* address —
 * never the typed one, which may differ by case or Unicode form — replacing any earlier
 * reset token. An address without an active account gets a decoy write instead (a pending
 * sign-up that can never be redeemed, with a token drawn and hashed as a reset link's), so
 * both paths do one lookup, one SHA-256 and one single-row write. Throws
 * `InputError` for an email that is not an address.
 */
export async function requestPasswordReset(
  deps: RequestPasswordResetDeps,
  input: RequestPasswordResetInput,
): Promise<RequestPasswordResetResult> {
  if (!deps.config.flows.passwordReset) return FLOW_DISABLED;
  const { email, emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  if (!user || user.deletedAt || user.bannedAt) {
    // Drawn and hashed as `issueSecret` does a reset link's token: the same digest.
    const secretHash = await sha256Hex(randomToken(deps.random, LINK_TOKEN_BITS));
    await writeDecoy(deps, { email, emailKey, kind: 'link', secretHash });
    await recordWithheldMail(deps, 'password_reset', user, input.context);
    return { ok: true };
  }
  const { secret: token, expiresAt } = await issueSecret(deps, {
    userId: user.id,
    purpose: 'password_reset',
    kind: 'link',
    email: user.email,
    ttl: deps.config.passwordReset.ttl,
  });
  await deps.mailer.send({
    type: 'password_reset',
    to: user.email,
    userId: user.id,
    token,
    expiresAt,
  });
  await deps.events.emit(
    auditEvent(
      { type: 'password.reset_requested', userId: user.id },
      deps.clock.now(),
      input.context,
    ),
  );
  return { ok: true };
}

export type ResetPasswordDeps = DepsFor<
  'config' | 'clock' | 'events' | 'hasher' | 'passwordScreen',
  | 'users'
  | 'sessions'
  | 'refreshTokens'
  | 'verificationTokens'
  | 'oauthAccounts'
  | 'apiKeys'
  | 'mfa'
>;

/** A reset link's token and the new password. */
export interface ResetPasswordInput {
  /** The token from the mailed link. */
  readonly token: string;
  readonly newPassword: string;
  readonly context?: RequestContext | undefined;
}

/**
 * `invalid` covers unknown, malformed, expired, already-used and superseded tokens alike;
 * `password_too_common` / `password_breached` (the screen refused the new password) leave
 * the token unspent.
 */
/** `disabled`: `flows.passwordReset` is off. */
export type ResetPasswordFailureReason = 'invalid' | PasswordRefusal | 'disabled';

export type ResetPasswordResult =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly reason: ResetPasswordFailureReason };

/**
 * Sets a new password with a reset token. The new password is validated before the token
 * is consumed, so a rejected password does not burn the link; it is hashed only after,
 * so a made-up or already-used token costs no argon2 run (and of concurrent resets with
 * one link only the winner hashes). The token works
 * once; every session and refresh token of the user is revoked (whoever knew the old
 * password is out). No session is created: the user signs in afterwards, so a second
 * factor cannot be bypassed by resetting the password. Possession of the mailed token also
 * proves the address, so it is marked verified. A password the screen refuses is
 * `password_too_common` / `password_breached`, checked before the token is spent. Throws
 * `InputError` for a new password
 * outside the password policy (or a token that is not a string).
 */
export async function resetPassword(
  deps: ResetPasswordDeps,
  input: ResetPasswordInput,
): Promise<ResetPasswordResult> {
  if (!deps.config.flows.passwordReset) return FLOW_DISABLED;
  if (typeof input.token !== 'string')
    throw new InputError([{ field: 'token', problem: 'invalid_type' }]);
  const password = normalizePassword(input.newPassword, deps.config.password);
  if (!isLinkToken(input.token)) return { ok: false, reason: 'invalid' };
  const refusal = await screenNewPassword(deps, password, 'reset', null, input.context);
  if (refusal !== null) return { ok: false, reason: refusal };
  const now = deps.clock.now();
  const consumed = await deps.repos.verificationTokens.consume(
    'password_reset',
    await sha256Hex(input.token),
    now,
  );
  if (!consumed) return { ok: false, reason: 'invalid' };
  const user = await deps.repos.users.findById(consumed.userId);
  if (!user || user.deletedAt || user.email !== consumed.email)
    return { ok: false, reason: 'invalid' };

  const passwordHash = await deps.hasher.hash(password);
  await deps.repos.users.update(user.id, {
    passwordHash,
    emailVerifiedAt: user.emailVerifiedAt ?? now,
    updatedAt: now,
  });
  await revokeAllSessions(deps, { userId: user.id, context: input.context });
  // The reset proves the address: what was added to a never-proven account goes too.
  if (!user.emailVerifiedAt) await dropUnprovenCredentials(deps, user.id);
  await deps.events.emit(
    auditEvent({ type: 'password.reset', userId: user.id }, now, input.context),
  );
  return { ok: true, userId: user.id };
}
