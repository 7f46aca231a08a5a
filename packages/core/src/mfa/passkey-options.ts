/**
 * Passkey options for the second-factor steps: the MFA step of a sign-in (by its
 * challenge) and step-up (by the signed-in session). The assertion the browser makes with
 * them is the `webauthn` proof of `completeMfaSignIn` and `stepUpSession`.
 */
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import { findMfaChallenge, mfaChallengeOrigin } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { beginPasskeySecondFactor } from '../passkeys/index.ts';
import { isRandomToken, sha256Hex } from '../primitives/index.ts';
import { parseIdentifier, requireString } from '../validation.ts';

export type BeginPasskeyMfaSignInDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events',
  'verificationTokens' | 'passkeys'
>;

export interface BeginPasskeyMfaSignInInput {
  /** The `challengeToken` of the `mfa_required` sign-in. */
  readonly challengeToken: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why no options were given: `invalid_challenge` (unknown, expired, completed or out of
 * attempts: sign in again), `no_passkey` (the challenge's user holds none) or
 * `passkey_was_first_factor` (a passkey sign-in issued the challenge: it completes with a
 * TOTP or backup code only).
 */
export type BeginPasskeySecondFactorFailureReason =
  | 'invalid_challenge'
  | 'no_passkey'
  | 'passkey_was_first_factor';

export type BeginPasskeyMfaSignInResult =
  | { readonly ok: true; readonly options: PublicKeyCredentialRequestOptionsJSON }
  | { readonly ok: false; readonly reason: BeginPasskeySecondFactorFailureReason }
  | FlowDisabled;

/**
 * Options for answering an `mfa_required` sign-in with a passkey: `allowCredentials` lists
 * the challenge's user's passkeys, and the WebAuthn challenge is bound to that user. The
 * MFA challenge is only read: it is neither spent nor counted (only a completion is), and
 * every unusable one — unknown, expired, completed or out of attempts — reads the same
 * `invalid_challenge`, recorded as `mfa.failed`. A challenge a passkey sign-in issued is
 * refused (`passkey_was_first_factor`): the passkey was its first factor. `disabled` when `flows.passkeys` is off.
 * Throws `InputError` for a non-string challenge; `ConfigError` without `config.passkeys`.
 */
export async function beginPasskeyMfaSignIn(
  deps: BeginPasskeyMfaSignInDeps,
  input: BeginPasskeyMfaSignInInput,
): Promise<BeginPasskeyMfaSignInResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const challengeToken = requireString('challengeToken', input.challengeToken);
  const now = deps.clock.now();
  const refuse = async (
    userId: string | null,
    reason: 'invalid_challenge' | 'passkey_was_first_factor',
  ): Promise<BeginPasskeyMfaSignInResult> => {
    await deps.events.emit(
      auditEvent(
        { type: 'mfa.failed', userId, method: 'webauthn', purpose: 'sign_in', reason },
        now,
        input.context,
      ),
    );
    return { ok: false, reason };
  };
  if (!isRandomToken(challengeToken, 256)) return refuse(null, 'invalid_challenge');
  const challengeHash = await sha256Hex(challengeToken);
  const found = await findMfaChallenge((purpose) =>
    deps.repos.verificationTokens.findLiveByHash(
      purpose,
      challengeHash,
      deps.config.mfa.challengeMaxAttempts,
      now,
    ),
  );
  if (!found) return refuse(null, 'invalid_challenge');
  const userId = found.token.userId;
  if (mfaChallengeOrigin(found.purpose) === 'passkey') {
    return refuse(userId, 'passkey_was_first_factor');
  }
  const options = await beginPasskeySecondFactor(deps, { userId, requireUserVerification: false });
  return options ? { ok: true, options } : { ok: false, reason: 'no_passkey' };
}

export type BeginPasskeyStepUpDeps = DepsFor<
  'config' | 'clock' | 'random',
  'mfa' | 'sessions' | 'passkeys'
>;

export interface BeginPasskeyStepUpInput {
  readonly userId: string;
  /** The session to be stepped up. */
  readonly sessionId: string;
}

/**
 * Why no step-up options were given: `mfa_not_enabled` (two-factor sign-in is off, so
 * there is nothing to step up to), `session_ended` (not the user's session), or
 * `no_passkey`.
 */
export type BeginPasskeyStepUpFailureReason = 'mfa_not_enabled' | 'session_ended' | 'no_passkey';

export type BeginPasskeyStepUpResult =
  | { readonly ok: true; readonly options: PublicKeyCredentialRequestOptionsJSON }
  | { readonly ok: false; readonly reason: BeginPasskeyStepUpFailureReason }
  | FlowDisabled;

/**
 * Options for stepping a signed-in session up with a passkey (`stepUpSession` with a
 * `webauthn` proof; the same proof disables MFA, regenerates backup codes and enrols
 * TOTP): the user's passkeys in `allowCredentials`, a challenge bound to the user, and
 * `userVerification: 'required'`, because those checks refuse an assertion without it. `disabled` when `flows.passkeys` is off. Throws `InputError` for a malformed id;
 * `ConfigError` without `config.passkeys`.
 */
export async function beginPasskeyStepUp(
  deps: BeginPasskeyStepUpDeps,
  input: BeginPasskeyStepUpInput,
): Promise<BeginPasskeyStepUpResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('sessionId', input.sessionId);
  const factors = await deps.repos.mfa.listTotp(userId);
  if (!factors.some((factor) => factor.confirmedAt !== null)) {
    return { ok: false, reason: 'mfa_not_enabled' };
  }
  const session = await deps.repos.sessions.findById(sessionId);
  if (session?.userId !== userId) return { ok: false, reason: 'session_ended' };
  // Step-up raises a session that may come from this very passkey: possession is not enough.
  const options = await beginPasskeySecondFactor(deps, { userId, requireUserVerification: true });
  return options ? { ok: true, options } : { ok: false, reason: 'no_passkey' };
}
