import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { normalizeEmail } from './email.ts';
import { signUpMail, startPendingSignUp } from './pending-sign-up.ts';

export type SendVerificationDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer',
  'users' | 'pendingSignUps'
>;

/** The address to send a fresh verification code or link to. */
export interface RequestEmailVerificationInput {
  readonly email: string;
  readonly context?: RequestContext | undefined;
}

/** Always the same answer, so the endpoint reveals no account. */
export interface RequestEmailVerificationResult {
  readonly ok: true;
}

/**
 * "Resend the verification email." Always answers `{ ok: true }`, whatever the address,
 * so the endpoint cannot be used to discover accounts. Throws `InputError` for an email
 * that is not an address.
 *
 * It mails a new secret only to an account that already exists unverified while
 * `emailVerification.required` is off; redeeming it confirms the address and changes no
 * password. With `required` on (the default) it sends nothing: a pending sign-up is
 * re-sent by signing up again, because only a secret mailed together with a typed
 * password may activate that password, and nobody could tell which of several pending
 * sign-ups for one address the requester started. Within `resendCooldown` of the
 * address's last sign-up or resend nothing is written or sent.
 */
export async function requestEmailVerification(
  deps: SendVerificationDeps,
  input: RequestEmailVerificationInput,
): Promise<RequestEmailVerificationResult> {
  const { email, emailKey } = normalizeEmail(input.email);
  const { required, resendCooldown } = deps.config.emailVerification;
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const latest = await deps.repos.pendingSignUps.findLatest(emailKey);
  const now = deps.clock.now();
  const coolingDown =
    latest !== null && now.getTime() - latest.createdAt.getTime() < resendCooldown * 1000;
  if (required || coolingDown) return { ok: true };
  const open = user !== null && !user.emailVerifiedAt && !user.deletedAt && !user.bannedAt;
  // Unknown and confirmed addresses get a decoy, so every path writes once (and cools down).
  const started = await startPendingSignUp(deps, {
    email: user?.email ?? email,
    emailKey,
    passwordHash: null,
    metadata: {},
    live: open,
  });
  if (open) {
    await deps.mailer.send(signUpMail(started, user.id));
    await deps.events.emit(
      auditEvent(
        { type: 'email.verification_sent', userId: user.id, method: started.record.kind },
        now,
        input.context,
      ),
    );
  }
  return { ok: true };
}
