/**
 * The second-factor part of the status table (status.ts spreads it in): error codes of the
 * MFA routes and each MFA flow's reasons mapped to them.
 */
import type {
  CompleteMfaSignInFailureReason,
  ConfirmTotpFailureReason,
  EnrolTotpFailureReason,
  MfaChangeFailureReason,
  StepUpSessionFailureReason,
} from '@portcullis/core';

export const MFA_HTTP_ERRORS = {
  invalid_code: { status: 400, message: 'The code is wrong or was already used.' },
  invalid_challenge: {
    status: 401,
    message: 'This sign-in has expired or was already completed. Sign in again.',
  },
  second_factor_required: {
    status: 403,
    message: 'Confirm with a code from your authenticator app or a backup code.',
  },
  step_up_required: {
    status: 403,
    message: 'Sign in again with your second factor to do this.',
  },
  recent_sign_in_required: {
    status: 403,
    message: 'Sign in again, then do this right away.',
  },
  no_pending_factor: { status: 409, message: 'Start setting up the authenticator app first.' },
  mfa_not_enabled: { status: 409, message: 'Two-factor authentication is not turned on.' },
  too_many_attempts: {
    status: 429,
    message: 'Too many wrong codes. Wait a few minutes, then try again.',
  },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

type MfaErrorCode = keyof typeof MFA_HTTP_ERRORS;

export const MFA_FAILURE_CODES = {
  // A ban after the password step reads as a wrong password, as sign-in's does.
  completeMfaSignIn: {
    invalid_challenge: 'invalid_challenge',
    invalid_code: 'invalid_code',
    too_many_attempts: 'too_many_attempts',
    account_banned: 'invalid_credentials',
  } satisfies Record<CompleteMfaSignInFailureReason, MfaErrorCode | 'invalid_credentials'>,
  enrolTotp: {
    not_found: 'unauthenticated',
    email_unverified: 'email_not_verified',
    recent_sign_in_required: 'recent_sign_in_required',
    second_factor_required: 'second_factor_required',
    invalid_code: 'invalid_code',
    too_many_attempts: 'too_many_attempts',
  } satisfies Record<
    EnrolTotpFailureReason,
    MfaErrorCode | 'unauthenticated' | 'email_not_verified'
  >,
  confirmTotp: {
    no_pending_factor: 'no_pending_factor',
    recent_sign_in_required: 'recent_sign_in_required',
    invalid_code: 'invalid_code',
    too_many_attempts: 'too_many_attempts',
  } satisfies Record<ConfirmTotpFailureReason, MfaErrorCode>,
  mfaChange: {
    mfa_not_enabled: 'mfa_not_enabled',
    invalid_code: 'invalid_code',
    too_many_attempts: 'too_many_attempts',
  } satisfies Record<MfaChangeFailureReason, MfaErrorCode>,
  stepUp: {
    mfa_not_enabled: 'mfa_not_enabled',
    session_ended: 'unauthenticated',
    invalid_code: 'invalid_code',
    too_many_attempts: 'too_many_attempts',
  } satisfies Record<StepUpSessionFailureReason, MfaErrorCode | 'unauthenticated'>,
} as const;
