import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import { normalizeEmail, recordWithheldMail, writeDecoy } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomDigits, randomId } from '../primitives/index.ts';
import { signInCodeHash } from './code-hash.ts';

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
export type RequestSignInCodeResult = { readonly ok: true } | FlowDisabled;

/**
 * Mails a one-time sign-in code (`passwordless.codeLength` digits, 6 by default), for
 * people who cannot open a link on the device they sign in on. The code works once, for
 * `passwordless.codeTtl` (10 minutes) and at most `passwordless.maxAttempts` guesses; a
 * newer code for an account replaces the older one. It is stored only as an HMAC (see
 * `signInCodeHash`).
 *
 * - An active account (verified or not) gets a code that signs in to it.
 * - An address without an account gets a sign-up code when `passwordless.signUp` is on
 *   (a pending sign-up without a password), and nothing otherwise.
 * - A banned or deleted account gets nothing.
 *
 * Enumeration-safe: the answer is always `{ ok: true }`, and every path does one lookup,
 * one MAC and one write (a decoy where nothing is mailed). Throws `InputError` for an
 * email that is not an address.
 */
export async function requestSignInCode(
  deps: RequestSignInCodeDeps,
  input: RequestSignInCodeInput,
): Promise<RequestSignInCodeResult> {
  if (!deps.config.flows.signInCodes) return FLOW_DISABLED;
  const { email, emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const { codeTtl, codeLength, signUp } = deps.config.passwordless;
  const now = deps.clock.now();
  const code = randomDigits(deps.random, codeLength);
  const account = user && !user.bannedAt && !user.deletedAt ? user : null;
  const secretHash = await signInCodeHash(deps.config, account?.id ?? emailKey, code);
  const row = {
    id: randomId(deps.random),
    kind: 'code',
    secretHash,
    attempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + codeTtl * 1000),
    consumedAt: null,
  } as const;
  if (account) {
    await deps.repos.verificationTokens.replace({
      ...row,
      userId: account.id,
      purpose: 'sign_in_code',
      email: account.email,
    });
  } else if (!user && signUp) {
    const pending = { email, emailKey, passwordHash: null, metadata: {} };
    await deps.repos.pendingSignUps.create({ ...row, ...pending });
  } else {
    await writeDecoy(deps, { email, emailKey, kind: 'code', secretHash });
    await recordWithheldMail(deps, 'sign_in_code', user, input.context);
    return { ok: true };
  }
  const userId = account?.id ?? null;
  const to = account?.email ?? email;
  await deps.mailer.send({ type: 'sign_in_code', to, userId, code, expiresAt: row.expiresAt });
  await deps.events.emit(auditEvent({ type: 'sign_in_code.sent', userId }, now, input.context));
  return { ok: true };
}
