/**
 * The one table from outcomes to HTTP. Every error answer of every binding comes from here;
 * no binding and no route picks a status code itself.
 */
import type {
  AcceptInvitationFailureReason,
  ApiKeyFailureReason,
  ApiKeyManagementFailureReason,
  AuthenticationFailureReason,
  ChangeMemberRoleFailureReason,
  ChangePasswordFailureReason,
  ConfirmAccountDeletionFailureReason,
  ConsumeMagicLinkFailureReason,
  EraseAccountFailureReason,
  IntrospectionFailureReason,
  OrganizationFailureReason,
  RefreshFailureReason,
  RequestAccountDeletionFailureReason,
  ResetPasswordFailureReason,
  SessionFailureReason,
  SignInFailureReason,
  SignInWithCodeFailureReason,
  SignUpFailureReason,
  VerifyEmailFailureReason,
} from '@portcullis/core';
import { MFA_FAILURE_CODES, MFA_HTTP_ERRORS } from './status-mfa.ts';
import { OAUTH_FAILURE_CODES, OAUTH_HTTP_ERRORS } from './status-oauth.ts';
import { PASSKEY_FAILURE_CODES, PASSKEY_HTTP_ERRORS } from './status-passkeys.ts';

/** Every error code the HTTP layer answers with, its status and its human message. */
export const HTTP_ERRORS = {
  invalid_input: { status: 400, message: 'The request is invalid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  password_too_common: {
    status: 400,
    message: 'This password is too common. Choose one that is harder to guess.',
  },
  password_breached: {
    status: 400,
    message: 'This password has appeared in a data breach. Choose a different one.',
  },
  invalid: {
    status: 400,
    message: 'The code or link is wrong, expired or already used. Request a new one.',
  },
  link_expired: { status: 400, message: 'This link has expired. Request a new one.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  invalid_token: { status: 401, message: 'The access token is invalid or has expired.' },
  invalid_client: { status: 401, message: 'The client credentials are not valid.' },
  invalid_api_key: { status: 401, message: 'The API key is invalid, expired or revoked.' },
  invalid_credentials: { status: 401, message: 'The email or password is incorrect.' },
  invalid_refresh_token: { status: 401, message: 'The refresh token is not valid.' },
  refresh_token_expired: { status: 401, message: 'The refresh token has expired.' },
  refresh_token_revoked: { status: 401, message: 'The refresh token has been revoked.' },
  session_ended: { status: 401, message: 'The session has ended. Sign in again.' },
  replay_detected: {
    status: 401,
    message: 'The refresh token was already used. The session has been ended.',
  },
  email_not_verified: { status: 403, message: 'Verify your email address first.' },
  account_banned: { status: 403, message: 'This account is suspended.' },
  invalid_current_password: { status: 403, message: 'The current password is incorrect.' },
  csrf_rejected: { status: 403, message: 'The request origin is not allowed.' },
  api_key_ip_not_allowed: {
    status: 403,
    message: 'This API key may not be used from this address.',
  },
  api_key_origin_not_allowed: {
    status: 403,
    message: 'This API key may not be used from this origin.',
  },
  forbidden: { status: 403, message: 'Your role does not allow this.' },
  owns_organization: {
    status: 409,
    message: 'The account owns an organization. Transfer its ownership first.',
  },
  insufficient_scope: { status: 403, message: 'The token does not grant the required scope.' },
  membership_changed: {
    status: 409,
    message: 'The membership changed meanwhile. Reload the members and try again.',
  },
  // A narrow access token on a route that manages the account or its credentials.
  full_scope_required: {
    status: 403,
    message: 'Managing the account needs a session or a token holding every scope.',
  },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'Method not allowed.' },
  concurrent_rotation: {
    status: 409,
    message: 'The refresh token was just rotated by another request. Use its result.',
  },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  // RFC 6585 §4; the answer carries `Retry-After` (RFC 9110 §10.2.3).
  rate_limited: { status: 429, message: 'Too many attempts. Wait a moment, then try again.' },
  ...OAUTH_HTTP_ERRORS,
  internal_error: { status: 500, message: 'Something went wrong.' },
  // RFC 9110 §15.6.4: a temporary overload (the password hasher's queue is full); the
  // answer carries `Retry-After`. Retrying is safe, except that a refused password reset
  // has spent its link (see BusyError).
  busy: { status: 503, message: 'The server is busy. Try again in a moment.' },
  ...MFA_HTTP_ERRORS,
  ...PASSKEY_HTTP_ERRORS,
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

/** A stable error code of the HTTP API. */
export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/**
 * Core failure reasons per flow → HTTP error code. Each map `satisfies` a `Record` over the
 * core union, so a reason added to core fails the typecheck here until it is mapped.
 */
export const FAILURE_CODES = {
  // A flow switched off in `flows` answers 404 on every route of it (docs/capabilities.md).
  signIn: {
    invalid_credentials: 'invalid_credentials',
    email_unverified: 'email_not_verified',
    account_banned: 'account_banned',
  } satisfies Record<SignInFailureReason, HttpErrorCode>,
  verifyEmail: {
    invalid: 'invalid',
  } satisfies Record<VerifyEmailFailureReason, HttpErrorCode>,
  signUp: {
    password_too_common: 'password_too_common',
    password_breached: 'password_breached',
    disabled: 'not_found',
  } satisfies Record<SignUpFailureReason, HttpErrorCode>,
  resetPassword: {
    invalid: 'invalid',
    password_too_common: 'password_too_common',
    password_breached: 'password_breached',
    disabled: 'not_found',
  } satisfies Record<ResetPasswordFailureReason, HttpErrorCode>,
  // The link's holder may learn it expired (to ask for a new one); the rest read alike.
  consumeMagicLink: {
    malformed: 'invalid',
    bad_signature: 'invalid',
    expired: 'link_expired',
    consumed: 'invalid',
    disabled: 'not_found',
  } satisfies Record<ConsumeMagicLinkFailureReason, HttpErrorCode>,
  signInWithCode: {
    invalid: 'invalid',
    disabled: 'not_found',
  } satisfies Record<SignInWithCodeFailureReason, HttpErrorCode>,
  // 403, not 401: the session is fine, and a 401 would make clients sign the user out.
  changePassword: {
    invalid_credentials: 'invalid_current_password',
    password_too_common: 'password_too_common',
    password_breached: 'password_breached',
  } satisfies Record<ChangePasswordFailureReason, HttpErrorCode>,
  refresh: {
    invalid: 'invalid_refresh_token',
    expired: 'refresh_token_expired',
    revoked: 'refresh_token_revoked',
    session_ended: 'session_ended',
    replay_detected: 'replay_detected',
    concurrent_rotation: 'concurrent_rotation',
  } satisfies Record<RefreshFailureReason, HttpErrorCode>,
  // Which of these applied is not the client's business: all read "sign in again".
  session: {
    invalid: 'unauthenticated',
    expired: 'unauthenticated',
    idle_timeout: 'unauthenticated',
  } satisfies Record<SessionFailureReason, HttpErrorCode>,
  // RFC 6750 §3.1 `invalid_token` for every refusal, so no detail leaks to a token forger.
  accessToken: {
    malformed: 'invalid_token',
    unknown_key: 'invalid_token',
    algorithm_not_allowed: 'invalid_token',
    bad_signature: 'invalid_token',
    expired: 'invalid_token',
    not_yet_valid: 'invalid_token',
    invalid_claims: 'invalid_token',
    session_ended: 'invalid_token',
    tenant_changed: 'invalid_token',
  } satisfies Record<AuthenticationFailureReason, HttpErrorCode>,
  ...MFA_FAILURE_CODES,
  ...OAUTH_FAILURE_CODES,
  ...PASSKEY_FAILURE_CODES,
  // Which of invalid, expired or revoked applied is logged (api_key.refused), not told.
  apiKey: {
    invalid: 'invalid_api_key',
    expired: 'invalid_api_key',
    revoked: 'invalid_api_key',
    ip_not_allowed: 'api_key_ip_not_allowed',
    origin_not_allowed: 'api_key_origin_not_allowed',
  } satisfies Record<ApiKeyFailureReason, HttpErrorCode>,
  manageApiKey: {
    not_found: 'not_found',
  } satisfies Record<ApiKeyManagementFailureReason, HttpErrorCode>,
  // Non-members learn nothing (404 for every organization they are not in).
  organization: {
    not_found: 'not_found',
    forbidden: 'forbidden',
  } satisfies Record<OrganizationFailureReason, HttpErrorCode>,
  // A concurrent removal, transfer or role change got there first: nothing was written.
  changeMemberRole: {
    not_found: 'not_found',
    forbidden: 'forbidden',
    conflict: 'membership_changed',
  } satisfies Record<ChangeMemberRoleFailureReason, HttpErrorCode>,
  introspect: {
    invalid_client: 'invalid_client',
  } satisfies Record<IntrospectionFailureReason, HttpErrorCode>,
  acceptInvitation: {
    invalid: 'invalid',
    email_unverified: 'email_not_verified',
  } satisfies Record<AcceptInvitationFailureReason, HttpErrorCode>,
  // The same answer as the MFA step-up: the client signs in again with its second factor.
  requestAccountDeletion: {
    reauthentication_required: 'step_up_required',
    owns_organization: 'owns_organization',
  } satisfies Record<RequestAccountDeletionFailureReason, HttpErrorCode>,
  // One answer for every dead link, whatever killed it; a live one waits for the transfer.
  confirmAccountDeletion: {
    invalid: 'invalid',
    expired: 'invalid',
    owns_organization: 'owns_organization',
  } satisfies Record<ConfirmAccountDeletionFailureReason, HttpErrorCode>,
  eraseAccount: {
    owns_organization: 'owns_organization',
  } satisfies Record<EraseAccountFailureReason, HttpErrorCode>,
} as const;

/** A flow of {@link FAILURE_CODES}. */
export type FailureFlow = keyof typeof FAILURE_CODES;

/** The HTTP status of an error code. */
export function statusOf(code: HttpErrorCode): number {
  return HTTP_ERRORS[code].status;
}
