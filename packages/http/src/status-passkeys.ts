/**
 * The passkey part of the status table (status.ts spreads it in): error codes of the
 * passkey routes and each passkey flow's reasons mapped to them. A switched-off flow is
 * 404, like every other (docs/capabilities.md).
 */
import type {
  BeginPasskeyRegistrationFailureReason,
  BeginPasskeySecondFactorFailureReason,
  BeginPasskeyStepUpFailureReason,
  FinishPasskeyRegistrationFailureReason,
  PasskeySignInFailureReason,
  RemovePasskeyFailureReason,
} from '@portcullis/core';

export const PASSKEY_HTTP_ERRORS = {
  invalid_passkey: { status: 401, message: 'The passkey could not be verified. Try again.' },
  passkey_challenge_invalid: {
    status: 400,
    message: 'This passkey request has expired or was already used. Start again.',
  },
  passkey_not_verified: { status: 400, message: 'The passkey could not be verified.' },
  passkey_exists: { status: 409, message: 'This passkey is already registered.' },
  no_passkey: { status: 409, message: 'No passkey is registered for this account.' },
  passkey_was_first_factor: {
    status: 409,
    message: 'This sign-in began with a passkey. Finish it with an authenticator or backup code.',
  },
  last_sign_in_method: {
    status: 409,
    message: 'This is your last way to sign in. Add another before removing it.',
  },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

type PasskeyErrorCode = keyof typeof PASSKEY_HTTP_ERRORS;
type Shared =
  | 'not_found'
  | 'unauthenticated'
  | 'email_not_verified'
  | 'account_banned'
  | 'recent_sign_in_required'
  | 'invalid_challenge'
  | 'mfa_not_enabled';

export const PASSKEY_FAILURE_CODES = {
  beginPasskeyRegistration: {
    account_unavailable: 'unauthenticated',
    email_unverified: 'email_not_verified',
    recent_sign_in_required: 'recent_sign_in_required',
    disabled: 'not_found',
  } satisfies Record<BeginPasskeyRegistrationFailureReason | 'disabled', PasskeyErrorCode | Shared>,
  finishPasskeyRegistration: {
    invalid_challenge: 'passkey_challenge_invalid',
    verification_failed: 'passkey_not_verified',
    credential_exists: 'passkey_exists',
    recent_sign_in_required: 'recent_sign_in_required',
    disabled: 'not_found',
  } satisfies Record<
    FinishPasskeyRegistrationFailureReason | 'disabled',
    PasskeyErrorCode | Shared
  >,
  // Which check failed is in the audit log (passkey.failed), never in the answer.
  passkeySignIn: {
    invalid_passkey: 'invalid_passkey',
    account_banned: 'account_banned',
    disabled: 'not_found',
  } satisfies Record<PasskeySignInFailureReason | 'disabled', PasskeyErrorCode | Shared>,
  // The same answer as completing the step with a dead challenge: sign in again.
  passkeyMfaOptions: {
    invalid_challenge: 'invalid_challenge',
    no_passkey: 'no_passkey',
    passkey_was_first_factor: 'passkey_was_first_factor',
    disabled: 'not_found',
  } satisfies Record<BeginPasskeySecondFactorFailureReason | 'disabled', PasskeyErrorCode | Shared>,
  passkeyStepUpOptions: {
    mfa_not_enabled: 'mfa_not_enabled',
    session_ended: 'unauthenticated',
    no_passkey: 'no_passkey',
    disabled: 'not_found',
  } satisfies Record<BeginPasskeyStepUpFailureReason | 'disabled', PasskeyErrorCode | Shared>,
  // Another user's passkey reads as absent.
  managePasskey: {
    not_found: 'not_found',
    last_sign_in_method: 'last_sign_in_method',
  } satisfies Record<RemovePasskeyFailureReason, PasskeyErrorCode | Shared>,
} as const;
