import { FLOW_DISABLED } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import type { MagicLinkAuditReason, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserRecord } from '../repos.ts';
import type { FinishSignInDeps, PasswordlessSignIn } from './finish-sign-in.ts';
import { finishPasswordlessSignIn } from './finish-sign-in.ts';
import type { MagicLinkClaims } from './link-token.ts';
import { magicLinkNonceHash, verifyMagicLinkToken } from './link-token.ts';
import { provenSignUp } from './proven-sign-up.ts';

export type ConsumeMagicLinkDeps = FinishSignInDeps & DepsFor<never, 'pendingSignUps'>;

/** The token from the link's fragment. */
export interface ConsumeMagicLinkInput {
  readonly token: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why a link signed nobody in:
 * - `malformed`: not a magic-link token at all;
 * - `bad_signature`: altered, or not made with this server's secret;
 * - `expired`: older than `passwordless.linkTtl`;
 * - `consumed`: already used (a replay, or the second of two clicks), superseded by a newer
 *   link, or for an account that can no longer sign in.
 */
/** `disabled`: `flows.magicLinks` is off. */
export type ConsumeMagicLinkFailureReason =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'consumed'
  | 'disabled';

export type ConsumeMagicLinkResult =
  | PasswordlessSignIn
  | { readonly ok: false; readonly reason: ConsumeMagicLinkFailureReason };

/**
 * Follows a magic link: checks the token's MAC (constant time) and expiry before any
 * lookup, then consumes its stored nonce hash atomically, so of a replay or two concurrent
 * clicks only one signs in. Using the link proves control of the address: a `sign_in`
 * link signs the account in (confirming an unverified one, see
 * `finishPasswordlessSignIn`); a `sign_up` link creates a verified account without a
 * password, or signs in to the one created meanwhile. Other pending sign-ups of the
 * address are deleted: nothing a stranger chose is ever activated. A user with an active
 * second factor gets `mfa_required`. Any string is a valid input (unknown ones are
 * `malformed`); throws `InputError` only for a token that is not a string.
 */
export async function consumeMagicLink(
  deps: ConsumeMagicLinkDeps,
  input: ConsumeMagicLinkInput,
): Promise<ConsumeMagicLinkResult> {
  if (!deps.config.flows.magicLinks) return FLOW_DISABLED;
  if (typeof input.token !== 'string')
    throw new InputError([{ field: 'token', problem: 'invalid_type' }]);
  const now = deps.clock.now();
  const fail = async (
    reason: MagicLinkAuditReason,
    userId: string | null = null,
  ): Promise<ConsumeMagicLinkResult> => {
    await deps.events.emit(
      auditEvent({ type: 'magic_link.failed', userId, reason }, now, input.context),
    );
    return { ok: false, reason: publicReason(reason) };
  };
  const checked = await verifyMagicLinkToken(deps.config.secret, input.token, now);
  if (!checked.ok) return fail(checked.reason);
  const user =
    checked.claims.intent === 'sign_in'
      ? await redeemSignIn(deps, checked.claims, now)
      : await redeemSignUp(deps, checked.claims, now, input.context);
  if (!user.ok) return fail(user.reason, user.userId);
  const signedIn = await finishPasswordlessSignIn(deps, user.record, input.context);
  return signedIn ?? fail('account_banned', user.record.id);
}

function publicReason(reason: MagicLinkAuditReason): ConsumeMagicLinkFailureReason {
  return reason === 'malformed' || reason === 'bad_signature' || reason === 'expired'
    ? reason
    : 'consumed';
}

type Redeemed =
  | { readonly ok: true; readonly record: UserRecord }
  | { readonly ok: false; readonly reason: MagicLinkAuditReason; readonly userId: string | null };

async function redeemSignIn(
  deps: ConsumeMagicLinkDeps,
  claims: MagicLinkClaims,
  now: Date,
): Promise<Redeemed> {
  const hash = await magicLinkNonceHash(claims.nonce);
  const token = await deps.repos.verificationTokens.consume('magic_link', hash, now);
  if (!token) return { ok: false, reason: 'consumed', userId: null };
  const user = await deps.repos.users.findById(token.userId);
  const userId = token.userId;
  if (!user || user.deletedAt) return { ok: false, reason: 'account_deleted', userId };
  if (user.bannedAt) return { ok: false, reason: 'account_banned', userId };
  // The link proves the address it went to, which must still be the account's.
  if (user.email !== token.email || user.email !== claims.email)
    return { ok: false, reason: 'email_changed', userId };
  return { ok: true, record: user };
}

async function redeemSignUp(
  deps: ConsumeMagicLinkDeps,
  claims: MagicLinkClaims,
  now: Date,
  context: RequestContext | undefined,
): Promise<Redeemed> {
  // Sign-up by link was turned off after this one was mailed.
  if (!deps.config.passwordless.signUp)
    return { ok: false, reason: 'sign_up_disabled', userId: null };
  const hash = await magicLinkNonceHash(claims.nonce);
  const pending = await deps.repos.pendingSignUps.redeemLink(hash, now);
  if (pending?.kind !== 'link' || pending.email !== claims.email)
    return { ok: false, reason: 'consumed', userId: null };
  return provenSignUp(deps, pending, context);
}
