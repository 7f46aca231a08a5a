import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserRecord } from '../repos.ts';
import { normalizeEmail } from './email.ts';
import { issueSecret } from './issue-secret.ts';

export type SendVerificationDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer',
  'users' | 'verificationTokens'
>;

/**
 * Issues a fresh verification code or link for the user's stored address and mails it,
 * replacing any earlier one. Returns `false` without sending when the previous one was
 * sent less than `resendCooldown` ago.
 */
export async function sendVerificationTo(
  deps: SendVerificationDeps,
  user: UserRecord,
  context: RequestContext | undefined,
): Promise<boolean> {
  const { config } = deps;
  const now = deps.clock.now();
  const latest = await deps.repos.verificationTokens.findLatest(user.id, 'email_verification');
  if (
    latest &&
    now.getTime() - latest.createdAt.getTime() < config.emailVerification.resendCooldown * 1000
  ) {
    return false;
  }
  const method = config.emailVerification.method;
  const { secret, expiresAt } = await issueSecret(deps, {
    userId: user.id,
    purpose: 'email_verification',
    kind: method,
    email: user.email,
    ttl: method === 'code' ? config.emailVerification.codeTtl : config.emailVerification.linkTtl,
  });
  await deps.mailer.send(
    method === 'code'
      ? {
          type: 'email_verification_code',
          to: user.email,
          userId: user.id,
          code: secret,
          expiresAt,
        }
      : {
          type: 'email_verification_link',
          to: user.email,
          userId: user.id,
          token: secret,
          expiresAt,
        },
  );
  await deps.events.emit(
    auditEvent({ type: 'email.verification_sent', userId: user.id, method }, now, context),
  );
  return true;
}

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
 * "Resend the verification email." Always answers `{ ok: true }` — for unknown, deleted or
 * already-verified addresses too, and during the resend cooldown — so the endpoint cannot
 * be used to discover accounts. Throws `InputError` for an email that is not an address.
 */
export async function requestEmailVerification(
  deps: SendVerificationDeps,
  input: RequestEmailVerificationInput,
): Promise<RequestEmailVerificationResult> {
  const { emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  if (user && !user.emailVerifiedAt && !user.deletedAt && !user.bannedAt) {
    await sendVerificationTo(deps, user, input.context);
  }
  return { ok: true };
}
