import { codeHash, normalizeEmail, writeDecoy } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomDigits, randomId } from '../primitives/index.ts';

export type RequestSignInCodeDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer',
  'users' | 'verificationTokens' | 'pendingSignUps'
>;

/** Who asks for a code. */
export interface RequestSignInCodeInput {
  readonly email: string;
  readonly context?: RequestContext | undefined;
}

/** Always the same answer, so the endpoint reveals no account. */
export interface RequestSignInCodeResult {
  readonly ok: true;
}

/**
 * Mails a one-time sign-in code (`passwordless.codeLength` digits, 6 by default) to the
 * account of the address, for people who cannot open a link on the device they sign in
 * on. The code works once, for `passwordless.codeTtl` (10 minutes) and at most
 * `passwordless.maxAttempts` guesses; a newer code replaces the older one. It is stored as
 * an HMAC bound to the user and purpose, like verification codes.
 *
 * Enumeration-safe: the answer is always `{ ok: true }`. An address without an active
 * account gets no mail and a decoy write instead, so both paths do one lookup, one MAC and
 * one insert. Codes sign in to existing accounts only (no sign-up by code). Throws
 * `InputError` for an email that is not an address.
 */
export async function requestSignInCode(
  deps: RequestSignInCodeDeps,
  input: RequestSignInCodeInput,
): Promise<RequestSignInCodeResult> {
  const { email, emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const { codeTtl, codeLength } = deps.config.passwordless;
  const code = randomDigits(deps.random, codeLength);
  if (!user || user.bannedAt || user.deletedAt) {
    await writeDecoy(deps, email, emailKey);
    return { ok: true };
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + codeTtl * 1000);
  await deps.repos.verificationTokens.replace({
    id: randomId(deps.random),
    userId: user.id,
    purpose: 'sign_in_code',
    kind: 'code',
    secretHash: await codeHash(deps.config, 'sign_in_code', user.id, code),
    email: user.email,
    createdAt: now,
    expiresAt,
    attempts: 0,
    consumedAt: null,
  });
  await deps.mailer.send({
    type: 'sign_in_code',
    to: user.email,
    userId: user.id,
    code,
    expiresAt,
  });
  await deps.events.emit(
    auditEvent({ type: 'sign_in_code.sent', userId: user.id }, now, input.context),
  );
  return { ok: true };
}
