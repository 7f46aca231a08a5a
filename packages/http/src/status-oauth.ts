/** The OAuth rows of the status table (status.ts spreads them in). */
import type {
  CompleteLinkingFailureReason,
  OAuthCallbackFailureReason,
  StartAuthorizationFailureReason,
  UnlinkAccountFailureReason,
} from '@portcullis/core';

export const OAUTH_HTTP_ERRORS = {
  unknown_provider: { status: 404, message: 'No such sign-in provider.' },
  redirect_not_allowed: { status: 400, message: 'The redirect target is not allowed.' },
  // RFC 9110 §15.6.3: the provider, not this server, failed.
  provider_unavailable: { status: 502, message: 'The sign-in provider cannot be reached.' },
  invalid_oauth_state: {
    status: 400,
    message: 'The sign-in attempt expired or was started elsewhere. Start again.',
  },
  oauth_access_denied: { status: 403, message: 'The sign-in was cancelled at the provider.' },
  oauth_failed: { status: 401, message: 'The sign-in with the provider failed. Start again.' },
  email_unavailable: {
    status: 422,
    message: 'The provider did not share an email address, so no account can be made.',
  },
  account_unavailable: { status: 403, message: 'This account cannot sign in.' },
  identity_in_use: { status: 409, message: 'This identity is linked to another account.' },
  last_sign_in_method: {
    status: 409,
    message: 'This is your last way to sign in. Add a password or another provider first.',
  },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

type OAuthErrorCode = keyof typeof OAUTH_HTTP_ERRORS;

/** Each core OAuth failure union, mapped (a new reason fails the typecheck until mapped). */
export const OAUTH_FAILURE_CODES = {
  startAuthorization: {
    disabled: 'not_found',
    unknown_provider: 'unknown_provider',
    redirect_not_allowed: 'redirect_not_allowed',
    provider_unavailable: 'provider_unavailable',
  } satisfies Record<StartAuthorizationFailureReason, OAuthErrorCode | 'not_found'>,
  // Which protocol check failed is the audit log's, not the client's.
  oauthCallback: {
    disabled: 'not_found',
    invalid_state: 'invalid_oauth_state',
    access_denied: 'oauth_access_denied',
    authorization_failed: 'oauth_failed',
    email_unavailable: 'email_unavailable',
    account_unavailable: 'account_unavailable',
  } satisfies Record<OAuthCallbackFailureReason, OAuthErrorCode | 'not_found'>,
  completeLinking: {
    disabled: 'not_found',
    invalid_state: 'invalid_oauth_state',
    access_denied: 'oauth_access_denied',
    authorization_failed: 'oauth_failed',
    account_unavailable: 'account_unavailable',
    identity_in_use: 'identity_in_use',
  } satisfies Record<CompleteLinkingFailureReason, OAuthErrorCode | 'not_found'>,
  // Another user's account reads as missing: no probing of ids.
  unlinkAccount: {
    not_found: 'not_found',
    last_sign_in_method: 'last_sign_in_method',
  } satisfies Record<UnlinkAccountFailureReason, OAuthErrorCode | 'not_found'>,
} as const;
