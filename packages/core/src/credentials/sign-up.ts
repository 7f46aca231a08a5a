import { FLOW_DISABLED } from '../config-flows.ts';
import type { AuthDeps, DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasswordRefusal } from '../password/index.ts';
import { normalizePassword } from '../password/index.ts';
import type { UserMetadata, UserRecord } from '../repos.ts';
import { newUserRecord, parseMetadata } from '../users/index.ts';
import { normalizeEmail } from './email.ts';
import { signUpMail, startPendingSignUp } from './pending-sign-up.ts';
import { screenNewPassword } from './screen-password.ts';

export type SignUpDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer' | 'hasher' | 'passwordScreen',
  'users' | 'pendingSignUps'
>;

/**
 * `{ ok: true }` whether or not the address already had an account (enumeration).
 * `password_too_common` / `password_breached` when the password screen refuses the
 * password; nothing is written. That answer depends on the password alone, never on
 * whether the address has an account.
 */
/** `disabled`: `flows.signUp` is off. */
export type SignUpFailureReason = PasswordRefusal | 'disabled';

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
 * With `emailVerification.required` (the default) no account exists until the address is
 * proven: the password waits in a pending sign-up of its own, and only the secret mailed
 * for *this* sign-up activates it (`verifyEmail`). An attacker who signs up first with
 * someone else's address therefore never gets to choose the owner's password, and the
 * owner's own sign-up is never replaced by a stranger's. With `required: false` the
 * account is created at once with this password (see docs/concepts.md for that risk).
 *
 * Enumeration-safe: the answer is `{ ok: true }` whatever the address, the password is
 * hashed on every path, and every path does the same repository work (a decoy pending
 * sign-up where no secret is mailed). The owner of a confirmed address gets an
 * `account_exists` mail instead. A password the screen refuses answers
 * `password_too_common` / `password_breached` before any lookup. Throws `InputError` before anything is written for an
 * invalid email, password or metadata, and for an `input` carrying `metadata` (a request
 * body passed whole: metadata is `server`'s to give).
 */
export async function signUp(
  deps: SignUpDeps,
  input: SignUpInput,
  server: SignUpServerFields = {},
): Promise<SignUpResult> {
  if (!deps.config.flows.signUp) return FLOW_DISABLED;
  if (Object.hasOwn(input, 'metadata'))
    throw new InputError([{ field: 'metadata', problem: 'not_allowed' }]);
  const { email, emailKey } = normalizeEmail(input.email);
  const password = normalizePassword(input.password, deps.config.password);
  const metadata = server.metadata === undefined ? {} : parseMetadata(server.metadata);
  const refusal = await screenNewPassword(deps, password, 'sign_up', null, input.context);
  if (refusal !== null) return { ok: false, reason: refusal };
  const passwordHash = await deps.hasher.hash(password);
  const required = deps.config.emailVerification.required;
  const created = required
    ? null
    : await createUnverified(deps, email, emailKey, passwordHash, metadata);
  // Looked up on every path, the new account's included: the same work either way.
  const existing = await deps.repos.users.findByEmailKey(emailKey);
  // Required: an address nobody has confirmed yet is open to whoever proves it.
  const open = required
    ? !existing || (!existing.emailVerifiedAt && !existing.deletedAt && !existing.bannedAt)
    : created !== null;
  const started = await startPendingSignUp(deps, {
    email,
    emailKey,
    passwordHash: required ? passwordHash : null,
    metadata,
    live: open,
  });
  const now = deps.clock.now();
  if (open) {
    await deps.mailer.send(signUpMail(started, existing?.id ?? null));
    const type = created ? 'user.signed_up' : 'user.sign_up_pending';
    await deps.events.emit(auditEvent({ type, userId: existing?.id ?? null }, now, input.context));
    return { ok: true };
  }
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

/** `required: false`: the account exists, with this password, before the address is proven. */
function createUnverified(
  deps: Pick<AuthDeps, 'clock' | 'random'> & { repos: Pick<AuthDeps['repos'], 'users'> },
  email: string,
  emailKey: string,
  passwordHash: string,
  metadata: UserMetadata,
): Promise<UserRecord | null> {
  return deps.repos.users.create(
    newUserRecord(deps, { email, emailKey, emailVerifiedAt: null, passwordHash, metadata }),
  );
}
