import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasskeyAuditReason } from '../events/passkeys.ts';
import { base64url, fromBase64url, randomId } from '../primitives/index.ts';
import { recentSessionOf } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import { issueChallenge, spendChallenge, userHandleOf } from './challenge.ts';
import type { PasskeyDeps } from './deps.ts';
import type { PasskeyInfo } from './info.ts';
import { toPasskeyInfo } from './info.ts';
import { parseRegistrationResponse, passkeyName } from './input.ts';
import { passkeySettings } from './settings.ts';

/** What registration needs beyond the ceremonies: the sessions, to check the caller's is recent. */
export type RegisterPasskeyDeps = PasskeyDeps & DepsFor<'clock', 'sessions'>;

export interface BeginPasskeyRegistrationInput {
  /** The signed-in user adding a passkey. */
  readonly userId: string;
  /** The caller's session: it must be the user's and have begun within `mfa.recentSignIn`. */
  readonly currentSessionId: string;
}

/**
 * Why `beginPasskeyRegistration` refused: `account_unavailable` (banned, deleted or
 * unknown user), `email_unverified` (the address is not proven yet) or
 * `recent_sign_in_required` (the session began more than `mfa.recentSignIn` ago, or is
 * not the user's: sign in again).
 */
export type BeginPasskeyRegistrationFailureReason =
  | 'account_unavailable'
  | 'email_unverified'
  | 'recent_sign_in_required';

export type BeginPasskeyRegistrationResult =
  | { readonly ok: true; readonly options: PublicKeyCredentialCreationOptionsJSON }
  | { readonly ok: false; readonly reason: BeginPasskeyRegistrationFailureReason }
  | FlowDisabled;

/**
 * A passkey outlives every session and password reset, and signs in on its own: adding one
 * with a stolen session would be a lasting takeover. As for TOTP enrolment, only a session
 * that proved a credential within `mfa.recentSignIn` may.
 */
function recentSession(deps: RegisterPasskeyDeps, userId: string, sessionId: string) {
  return recentSessionOf(deps, userId, sessionId, deps.config.mfa.recentSignIn);
}

/**
 * Starts adding a passkey: stores a single-use 256-bit challenge (`passkeys.challengeTtl`)
 * and returns the options for the browser's `navigator.credentials.create`. They exclude
 * the user's existing passkeys, prefer a discoverable (resident) credential and ask for
 * user verification as configured. `account_unavailable` for a banned, deleted or unknown
 * user; `email_unverified` until the address is proven; `recent_sign_in_required` unless
 * `currentSessionId` is the user's and began within `mfa.recentSignIn`; `disabled` when
 * `flows.passkeys` is off (before the input is read). Throws `InputError` for a malformed
 * id.
 */
export async function beginPasskeyRegistration(
  deps: RegisterPasskeyDeps,
  input: BeginPasskeyRegistrationInput,
): Promise<BeginPasskeyRegistrationResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('currentSessionId', input.currentSessionId);
  const settings = passkeySettings(deps.config);
  const user = await deps.repos.users.findById(userId);
  if (!user || user.bannedAt || user.deletedAt) return { ok: false, reason: 'account_unavailable' };
  // An unproven address may be a stranger's claim: a passkey added then would outlive the
  // owner's takeover of the account (pre-account hijacking).
  if (!user.emailVerifiedAt) return { ok: false, reason: 'email_unverified' };
  if (!(await recentSession(deps, userId, sessionId))) {
    return { ok: false, reason: 'recent_sign_in_required' };
  }
  const existing = await deps.repos.passkeys.listByUser(userId);
  const challenge = await issueChallenge(deps, 'registration', userId);
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    userName: user.email,
    userID: fromBase64url(userHandleOf(userId)) ?? new Uint8Array(),
    challenge: fromBase64url(challenge) ?? new Uint8Array(),
    timeout: settings.challengeTtl * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credentialId })),
    authenticatorSelection: {
      residentKey: 'preferred',
      userVerification: settings.userVerification,
    },
  });
  return { ok: true, options };
}

export interface FinishPasskeyRegistrationInput {
  readonly userId: string;
  /** The caller's session: it must still be recent (see `beginPasskeyRegistration`). */
  readonly currentSessionId: string;
  /** The browser's `startRegistration` result, as JSON. */
  readonly response: RegistrationResponseJSON;
  /** A label for the passkey (1–64 characters); default `Passkey`. */
  readonly name?: string | undefined;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `finishPasskeyRegistration` refused:
 * - `invalid_challenge`: the challenge is unknown, expired, already answered, or was
 *   issued to another user or for another ceremony — begin again;
 * - `verification_failed`: the response does not verify (origin, rpID, type, user
 *   verification, attestation);
 * - `credential_exists`: this authenticator's credential is already registered;
 * - `recent_sign_in_required`: the session is no longer within `mfa.recentSignIn` (checked
 *   after the challenge is spent, so a refused response cannot be retried).
 */
export type FinishPasskeyRegistrationFailureReason =
  | 'invalid_challenge'
  | 'verification_failed'
  | 'credential_exists'
  | 'recent_sign_in_required';

export type FinishPasskeyRegistrationResult =
  | { readonly ok: true; readonly passkey: PasskeyInfo }
  | { readonly ok: false; readonly reason: FinishPasskeyRegistrationFailureReason }
  | FlowDisabled;

/**
 * Completes adding a passkey. Spends the challenge first (one answer per challenge,
 * whatever the outcome), verifies the attestation against it, the configured origins and
 * the rpID with `@simplewebauthn/server`, and stores the credential id and key **from the
 * verified attestation** (never the `id` the client sent beside it). Emits
 * `passkey.registered` or `passkey.failed`; `disabled` when `flows.passkeys` is off. Throws
 * `InputError` for a malformed id or `name`, or a `response` outside its shape.
 */
export async function finishPasskeyRegistration(
  deps: RegisterPasskeyDeps,
  input: FinishPasskeyRegistrationInput,
): Promise<FinishPasskeyRegistrationResult> {
  if (!deps.config.flows.passkeys) return FLOW_DISABLED;
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('currentSessionId', input.currentSessionId);
  const settings = passkeySettings(deps.config);
  const response = parseRegistrationResponse(input.response);
  const name = passkeyName(input.name);
  const now = deps.clock.now();
  const refuse = async (
    reason: FinishPasskeyRegistrationFailureReason,
    audit: PasskeyAuditReason = reason,
    credentialId: string | null = null,
  ): Promise<FinishPasskeyRegistrationResult> => {
    await deps.events.emit(
      auditEvent(
        { type: 'passkey.failed', userId, ceremony: 'registration', reason: audit, credentialId },
        now,
        input.context,
      ),
    );
    return { ok: false, reason };
  };

  const spent = await spendChallenge(deps, response.response?.clientDataJSON, 'registration');
  if (!spent || spent.record.userId !== userId) return refuse('invalid_challenge');
  if (!(await recentSession(deps, userId, sessionId))) {
    return refuse('recent_sign_in_required');
  }

  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: spent.challenge,
    expectedOrigin: [...settings.origins],
    expectedRPID: settings.rpId,
    requireUserVerification: settings.userVerification === 'required',
  }).catch(() => null);
  if (!verified?.verified || !verified.registrationInfo) return refuse('verification_failed');
  const info = verified.registrationInfo;

  const user = await deps.repos.users.findById(userId);
  if (!user || user.bannedAt || user.deletedAt) {
    return refuse('verification_failed', 'account_unavailable');
  }
  const record = {
    id: randomId(deps.random),
    userId,
    credentialId: info.credential.id,
    publicKey: base64url(info.credential.publicKey),
    counter: info.credential.counter,
    transports: [...(response.response.transports ?? [])],
    multiDevice: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
    name,
    createdAt: now,
    lastUsedAt: null,
  };
  if (!(await deps.repos.passkeys.createCredential(record))) {
    return refuse('credential_exists', 'credential_exists', record.credentialId);
  }
  await deps.events.emit(
    auditEvent(
      { type: 'passkey.registered', userId, credentialId: record.credentialId },
      now,
      input.context,
    ),
  );
  return { ok: true, passkey: toPasskeyInfo(record) };
}
