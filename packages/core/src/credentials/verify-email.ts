import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext, VerifyEmailAuditReason } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { constantTimeEqual, sha256Hex } from '../primitives/index.ts';
import type { VerificationTokenRecord } from '../repos.ts';
import { normalizeEmail } from './email.ts';
import { CODE_PATTERN, codeHash, isLinkToken } from './verification-secrets.ts';

export type VerifyEmailDeps = DepsFor<
  'config' | 'clock' | 'events',
  'users' | 'verificationTokens'
>;

/**
 * The one failure a caller sees: wrong, unknown, superseded, used, expired and locked-out
 * codes alike. Telling `expired` or `too_many_attempts` apart would reveal that an
 * unverified account exists for an address (unknown addresses can only ever be
 * `invalid`), which sign-up takes care never to reveal. The audit event keeps the detail.
 */
export type VerifyEmailFailureReason = 'invalid';

export type VerifyEmailResult =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly reason: VerifyEmailFailureReason };

/** A code typed by the user (with the address it was sent to), or a token from a link. */
export type VerifyEmailInput =
  | {
      readonly email: string;
      /** The six digits as typed. */
      readonly code: string;
      readonly context?: RequestContext | undefined;
    }
  | { readonly token: string; readonly context?: RequestContext | undefined };

/**
 * Confirms an email address with the code or link token that was mailed to it. Each
 * secret works once; a code dies after `emailVerification.maxAttempts` wrong guesses,
 * counted before comparing so concurrent guesses cannot exceed the limit. Throws
 * `InputError` for an email that is not an address, a code that is not six digits or a
 * token that is not a string; a well-formed but wrong secret is `invalid`.
 */
export async function verifyEmail(
  deps: VerifyEmailDeps,
  input: VerifyEmailInput,
): Promise<VerifyEmailResult> {
  const now = deps.clock.now();
  const consumed =
    'token' in input
      ? await consumeLink(deps, input.token, now)
      : await consumeCode(deps, input, now);
  if (!consumed.ok) {
    await deps.events.emit(
      auditEvent(
        { type: 'email.verification_failed', userId: consumed.userId, reason: consumed.reason },
        now,
        input.context,
      ),
    );
    return { ok: false, reason: 'invalid' };
  }
  const user = await deps.repos.users.findById(consumed.token.userId);
  // The address may have changed since the secret was sent: it proves only the old one.
  if (!user || user.deletedAt || user.email !== consumed.token.email)
    return { ok: false, reason: 'invalid' };
  if (!user.emailVerifiedAt)
    await deps.repos.users.update(user.id, { emailVerifiedAt: now, updatedAt: now });
  await deps.events.emit(
    auditEvent({ type: 'email.verified', userId: user.id }, now, input.context),
  );
  return { ok: true, userId: user.id };
}

type Consumed =
  | { ok: true; token: VerificationTokenRecord }
  | { ok: false; reason: VerifyEmailAuditReason; userId: string | null };

async function consumeLink(deps: VerifyEmailDeps, token: string, now: Date): Promise<Consumed> {
  if (typeof token !== 'string')
    throw new InputError([{ field: 'token', problem: 'invalid_type' }]);
  if (!isLinkToken(token)) return { ok: false, reason: 'invalid', userId: null };
  const row = await deps.repos.verificationTokens.consumeByHash(
    'email_verification',
    await sha256Hex(token),
    now,
  );
  return row ? { ok: true, token: row } : { ok: false, reason: 'invalid', userId: null };
}

async function consumeCode(
  deps: VerifyEmailDeps,
  input: { readonly email: string; readonly code: string },
  now: Date,
): Promise<Consumed> {
  const { emailKey } = normalizeEmail(input.email);
  if (typeof input.code !== 'string' || !CODE_PATTERN.test(input.code)) {
    throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
  }
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const latest = user
    ? await deps.repos.verificationTokens.findLatest(user.id, 'email_verification')
    : null;
  if (!user || !latest || latest.kind !== 'code')
    return { ok: false, reason: 'invalid', userId: user?.id ?? null };
  if (latest.expiresAt.getTime() <= now.getTime())
    return { ok: false, reason: 'expired', userId: user.id };
  const attempts = await deps.repos.verificationTokens.recordAttempt(latest.id);
  if (attempts === null) return { ok: false, reason: 'invalid', userId: user.id };
  if (attempts > deps.config.emailVerification.maxAttempts) {
    return { ok: false, reason: 'too_many_attempts', userId: user.id };
  }
  const presented = await codeHash(deps.config, 'email_verification', user.id, input.code);
  if (!constantTimeEqual(presented, latest.secretHash))
    return { ok: false, reason: 'invalid', userId: user.id };
  const row = await deps.repos.verificationTokens.consume(latest.id, now);
  return row ? { ok: true, token: row } : { ok: false, reason: 'invalid', userId: user.id };
}
