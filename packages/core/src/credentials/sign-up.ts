import type { AuthDeps } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasswordRefusal } from '../password/index.ts';
import { normalizePassword } from '../password/index.ts';
import { randomId } from '../primitives/index.ts';
import type { UserMetadata } from '../repos.ts';
import { parseMetadata } from '../users/index.ts';
import { normalizeEmail } from './email.ts';
import type { SendVerificationDeps } from './send-verification.ts';
import { sendVerificationTo } from './send-verification.ts';

export type SignUpDeps = SendVerificationDeps & Pick<AuthDeps, 'hasher' | 'passwordScreen'>;

/**
 * `{ ok: true }` whether or not the address already had an account (enumeration).
 * `password_too_common` / `password_breached` when the password screen refuses the
 * password; nothing is written. That answer depends on the password alone, never on
 * whether the address has an account.
 */
export type SignUpFailureReason = PasswordRefusal;

export type SignUpResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: SignUpFailureReason };

/** What the person signing up provides. */
export interface SignUpInput {
  readonly email: string;
  readonly password: string;
  /** Where the request came from (cleaned and capped before it is stored). */
  readonly context?: RequestContext | undefined;
}

/**
 * What only the server decides about a new user, never a request body. A separate
 * argument so that `signUp(body)` cannot set it, whatever the body holds.
 */
export interface SignUpServerFields {
  /** Application data for the new user (a JSON object, ≤ 16 KiB, validated). Default `{}`. */
  readonly metadata?: UserMetadata;
}

/**
 * Registers a user with email and password and mails a verification code or link.
 *
 * Enumeration-safe: the answer is `{ ok: true }` whether or not the address already has
 * an account, and the password is hashed in both cases so timing matches. The owner of an
 * existing address gets an `account_exists` mail instead. Throws `InputError` before
 * anything is written for an invalid email, password or metadata, and for an `input`
 * carrying `metadata` (a request body passed whole: metadata is `server`'s to give).
 */
export async function signUp(
  deps: SignUpDeps,
  input: SignUpInput,
  server: SignUpServerFields = {},
): Promise<SignUpResult> {
  if (Object.hasOwn(input, 'metadata'))
    throw new InputError([{ field: 'metadata', problem: 'not_allowed' }]);
  const { email, emailKey } = normalizeEmail(input.email);
  const password = normalizePassword(input.password, deps.config.password);
  const metadata = server.metadata === undefined ? {} : parseMetadata(server.metadata);
  const refusal = await deps.passwordScreen.check(password);
  if (refusal !== null) return { ok: false, reason: refusal };
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
