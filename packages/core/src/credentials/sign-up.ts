import type { AuthDeps } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { normalizePassword } from '../password/index.ts';
import { randomId } from '../primitives/index.ts';
import { parseMetadata } from '../users/index.ts';
import { normalizeEmail } from './email.ts';
import type { SendVerificationDeps } from './send-verification.ts';
import { sendVerificationTo } from './send-verification.ts';

export type SignUpDeps = SendVerificationDeps & Pick<AuthDeps, 'hasher'>;

export interface SignUpInput {
  readonly email: unknown;
  readonly password: unknown;
  /** Application data for the new user (validated JSON object, ≤ 16 KiB). */
  readonly metadata?: unknown;
  readonly context?: RequestContext | undefined;
}

/**
 * Registers a user with email and password and mails a verification code or link.
 *
 * Enumeration-safe: the answer is `{ ok: true }` whether or not the address already has
 * an account, and the password is hashed in both cases so timing matches. The owner of an
 * existing address gets an `account_exists` mail instead. Invalid input throws
 * `InputError` before anything is written.
 */
export async function signUp(deps: SignUpDeps, input: SignUpInput): Promise<{ ok: true }> {
  const { email, emailKey } = normalizeEmail(input.email);
  const password = normalizePassword(input.password, deps.config.password);
  const metadata = input.metadata === undefined ? {} : parseMetadata(input.metadata);
  const passwordHash = await deps.hasher.hash(password);
  const now = deps.clock.now();

  const created = await deps.repos.users.create({
    id: randomId(deps.random),
    email,
    emailKey,
    emailVerifiedAt: null,
    passwordHash,
    bannedAt: null,
    banReason: null,
    deletedAt: null,
    metadata,
    createdAt: now,
    updatedAt: now,
  });

  if (created) {
    await deps.events.emit(
      auditEvent({ type: 'user.signed_up', userId: created.id }, now, input.context),
    );
    await sendVerificationTo(deps, created, input.context);
    return { ok: true };
  }

  const existing = await deps.repos.users.findByEmailKey(emailKey);
  if (existing && !existing.deletedAt) {
    await deps.mailer.send({ type: 'account_exists', to: existing.email, userId: existing.id });
  }
  await deps.events.emit(
    auditEvent(
      { type: 'user.sign_up_duplicate', userId: existing?.id ?? null },
      now,
      input.context,
    ),
  );
  return { ok: true };
}
