import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import { issueMfaChallenge } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { SecondFactorKind } from '../mfa/index.ts';
import { fromBase64url } from '../primitives/index.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { createSession } from '../sessions/index.ts';
import type { PublicUser } from '../users/index.ts';
import { toPublicUser } from '../users/index.ts';
import { verifyAssertion } from './assertion.ts';
import { issueChallenge } from './challenge.ts';
import type { PasskeyDeps } from './deps.ts';
import { parseAuthenticationResponse } from './input.ts';
import { passkeySettings } from './settings.ts';

/** Options for the browser's `navigator.credentials.get`, or `disabled`. */
export type BeginPasskeySignInResult =
  | { readonly ok: true; readonly options: PublicKeyCredentialRequestOptionsJSON }
  | FlowDisabled;

/**
 * Starts a usernameless passkey sign-in: stores a single-use 256-bit challenge and returns
 * options without `allowCredentials`, so the browser offers the discoverable passkeys it
 * holds for the rpID. Nothing about any account is read, so it reveals none. `disabled`
 * when `flows.passkeys` is off.
 */
export async function beginPasskeySignIn(deps: PasskeyDeps): Promise<BeginPasskeySignInResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const settings = passkeySettings(deps.config);
  const challenge = await issueChallenge(deps, 'sign_in', null);
  const options = await generateAuthenticationOptions({
    rpID: settings.rpId,
    challenge: fromBase64url(challenge) ?? new Uint8Array(),
    timeout: settings.challengeTtl * 1000,
    userVerification: settings.userVerification,
  });
  return { ok: true, options };
}

export type FinishPasskeySignInDeps = PasskeyDeps &
  DepsFor<
    'config' | 'clock' | 'random' | 'events' | 'secondFactor',
    'users' | 'sessions' | 'passkeys' | 'verificationTokens'
  >;

export interface FinishPasskeySignInInput {
  /** The browser's `startAuthentication` result, as JSON. */
  readonly response: AuthenticationResponseJSON;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `finishPasskeySignIn` refused. `invalid_passkey` covers every failed check (unknown,
 * expired or reused challenge; unknown credential; bad signature, origin or rpID; counter
 * regression); the audit event says which. `account_banned` for a banned or deleted owner.
 */
export type PasskeySignInFailureReason = 'invalid_passkey' | 'account_banned';

export type FinishPasskeySignInResult =
  | {
      readonly ok: true;
      readonly status: 'signed_in';
      readonly user: PublicUser;
      /**
       * At `aal2` when the authenticator verified the user (possession plus PIN or
       * biometrics: two factors, NIST SP 800-63B §5.1.8), else `aal1` (a user who owes
       * no second factor).
       */
      readonly session: SessionInfo;
      readonly sessionToken: string;
    }
  | {
      readonly ok: true;
      /**
       * The authenticator did not verify the user, and the user has a second factor: the
       * passkey was one factor, and a second is owed, as after a password (`signIn`).
       */
      readonly status: 'mfa_required';
      readonly userId: string;
      /** The user's factors but `webauthn`: another passkey is the same kind of factor. */
      readonly factors: readonly SecondFactorKind[];
      /** Complete with `completeMfaSignIn` (a TOTP or backup code). */
      readonly challengeToken: string;
      readonly expiresAt: Date;
    }
  | { readonly ok: false; readonly reason: PasskeySignInFailureReason }
  | FlowDisabled;

/**
 * Completes a usernameless passkey sign-in (see `verifyAssertion` in `assertion.ts` for
 * the checks). When the authenticator verified the user the assertion is two factors and
 * the session starts at `aal2`. Without user verification it is one factor (possession):
 * a user whose second-factor gate reports factors gets `mfa_required` and a challenge that
 * only a TOTP or backup code completes (so a stolen PIN-less key cannot sign into an MFA
 * account); anyone else gets an `aal1` session. Emits `user.signed_in` or
 * `user.mfa_required`, or `passkey.failed` / `user.sign_in_failed`; `disabled` when
 * `flows.passkeys` is off (before the input is read). Throws `InputError` when `response`
 * is not an object.
 */
export async function finishPasskeySignIn(
  deps: FinishPasskeySignInDeps,
  input: FinishPasskeySignInInput,
): Promise<FinishPasskeySignInResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const response = parseAuthenticationResponse(input.response);
  const asserted = await verifyAssertion(deps, 'sign_in', response, input.context);
  if (!asserted.ok) return { ok: false, reason: 'invalid_passkey' };
  const userId = asserted.credential.userId;
  const aal = asserted.userVerified ? 'aal2' : 'aal1';
  const now = deps.clock.now();
  const user = await deps.repos.users.findById(userId);
  const usable = user && !user.deletedAt && !user.bannedAt;
  const owed =
    usable && !asserted.userVerified && deps.secondFactor
      ? await deps.secondFactor.activeFactors(userId)
      : [];
  if (owed.length > 0) {
    const factors = owed.filter((kind) => kind !== 'webauthn');
    const challenge = await issueMfaChallenge(deps, userId, 'passkey');
    await deps.events.emit(
      auditEvent({ type: 'user.mfa_required', userId, factors }, now, input.context),
    );
    return { ok: true, status: 'mfa_required', userId, factors, ...challenge };
  }
  const created = usable
    ? await createSession(deps, { userId, aal, context: input.context })
    : null;
  if (!user || !created) {
    const reason = !user || user.deletedAt ? 'account_deleted' : 'account_banned';
    await deps.events.emit(
      auditEvent({ type: 'user.sign_in_failed', userId, reason }, now, input.context),
    );
    return { ok: false, reason: 'account_banned' };
  }
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId, sessionId: created.session.id, aal },
      now,
      input.context,
    ),
  );
  return {
    ok: true,
    status: 'signed_in',
    user: toPublicUser(user),
    session: created.session,
    sessionToken: created.sessionToken,
  };
}
