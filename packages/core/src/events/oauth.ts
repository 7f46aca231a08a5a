/** Audit events of sign-in with OAuth / OpenID Connect providers. */
import type { EventBase } from './types.ts';

/**
 * Why an OAuth callback produced no session, as the audit log records it. Callers see
 * less (`OAuthCallbackFailureReason`): every protocol failure reads `authorization_failed`.
 */
export type OAuthAuditReason =
  | 'invalid_state'
  | 'access_denied'
  | 'issuer_mismatch'
  | 'token_exchange_failed'
  | 'id_token_invalid'
  | 'profile_unavailable'
  | 'email_unavailable'
  | 'account_unavailable'
  | 'identity_in_use';

interface ProviderField {
  /** The configured provider id. */
  readonly provider: string;
}

export type OAuthEvent =
  /** A callback was refused; `detail` names the failed ID-token check, when that was it. */
  | (EventBase<'oauth.callback_failed'> &
      ProviderField & { readonly reason: OAuthAuditReason; readonly detail: string | null })
  /** A new account was made from a provider identity (`emailVerified`: the provider vouched). */
  | (EventBase<'oauth.account_created'> & ProviderField & { readonly emailVerified: boolean })
  /** An identity was linked to a signed-in user. */
  | (EventBase<'oauth.linked'> & ProviderField)
  /** An identity was removed from its user. */
  | (EventBase<'oauth.unlinked'> & ProviderField)
  /**
   * A provider identity named the address of an existing account (`userId`), and was not
   * linked: the owner must sign in and link it.
   */
  | (EventBase<'oauth.link_requires_confirmation'> &
      ProviderField & { readonly emailVerified: boolean });
