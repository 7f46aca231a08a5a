import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomDigits, randomId, randomToken, sha256Hex } from '../primitives/index.ts';
import type { UserRecord } from '../repos.ts';
import { normalizeEmail } from './email.ts';
import { codeHash } from './verification-secrets.ts';

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
  const { config, clock, random } = deps;
  const now = clock.now();
  const latest = await deps.repos.verificationTokens.findLatest(user.id, 'email_verification');
  if (
    latest &&
    now.getTime() - latest.createdAt.getTime() < config.emailVerification.resendCooldown * 1000
  ) {
    return false;
  }
  const method = config.emailVerification.method;
  const secret = method === 'code' ? randomDigits(random, 6) : randomToken(random, 256);
  const ttl =
    method === 'code' ? config.emailVerification.codeTtl : config.emailVerification.linkTtl;
  const expiresAt = new Date(now.getTime() + ttl * 1000);
  await deps.repos.verificationTokens.replace({
    id: randomId(random),
    userId: user.id,
    purpose: 'email_verification',
    kind: method === 'code' ? 'code' : 'link',
    secretHash:
      method === 'code'
        ? await codeHash(config, 'email_verification', user.id, secret)
        : await sha256Hex(secret),
    email: user.email,
    createdAt: now,
    expiresAt,
    attempts: 0,
    consumedAt: null,
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

/**
 * "Resend the verification email." Always answers `{ ok: true }` — for unknown, deleted or
 * already-verified addresses too, and during the resend cooldown — so the endpoint cannot
 * be used to discover accounts.
 */
export async function requestEmailVerification(
  deps: SendVerificationDeps,
  input: { readonly email: unknown; readonly context?: RequestContext },
): Promise<{ ok: true }> {
  const { emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  if (user && !user.emailVerifiedAt && !user.deletedAt && !user.bannedAt) {
    await sendVerificationTo(deps, user, input.context);
  }
  return { ok: true };
}
