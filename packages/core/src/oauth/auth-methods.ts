/** The OAuth methods of `Auth` (auth-interface.ts extends this). */
import type { LinkedAccount } from './accounts.ts';
import type { OAuthCallbackInput, OAuthCallbackResult } from './callback.ts';
import type {
  CompleteLinkingInput,
  CompleteLinkingResult,
  ListLinkedAccountsInput,
  OAuthProviderSummary,
  UnlinkAccountInput,
  UnlinkAccountResult,
} from './link.ts';
import type { GetProviderTokensInput, ProviderTokens } from './provider-tokens.ts';
import type {
  StartAuthorizationInput,
  StartAuthorizationResult,
  StartLinkingInput,
} from './start.ts';

/** Sign-in with OAuth 2.0 / OpenID Connect providers (configured with `createAuth({ oauth })`). */
export interface OAuthMethods {
  /**
   * Starts a sign-in with a provider: the authorization URL (PKCE S256, `state`, OIDC
   * `nonce`) and the sealed state to keep until the callback. Returns `unknown_provider`,
   * `redirect_not_allowed` or `provider_unavailable` (discovery failed). Throws
   * `ConfigError` without an `oauth` configuration, `InputError` for non-string input.
   */
  startAuthorization(input: StartAuthorizationInput): Promise<StartAuthorizationResult>;
  /**
   * Finishes a sign-in: state, `iss`, code exchange, ID token and profile checks, then the
   * linking policy (`signed_in`, `created`, `link_requires_confirmation`, or `mfa_required`
   * for a user with a second factor), or an `OAuthCallbackFailureReason`.
   */
  handleCallback(input: OAuthCallbackInput): Promise<OAuthCallbackResult>;
  /** Starts linking a provider to the signed-in `input.userId` (see `startAuthorization`). */
  startLinking(input: StartLinkingInput): Promise<StartAuthorizationResult>;
  /**
   * Finishes `startLinking`: links the identity to the user, or `identity_in_use` when
   * another account has it, or a callback failure reason.
   */
  completeLinking(input: CompleteLinkingInput): Promise<CompleteLinkingResult>;
  /** The user's linked identities, oldest first. Throws `InputError` for a malformed id. */
  listLinkedAccounts(input: ListLinkedAccountsInput): Promise<readonly LinkedAccount[]>;
  /**
   * Removes a linked identity, refused (`last_sign_in_method`) when the user has no
   * password and no other identity, or `not_found`.
   */
  unlinkAccount(input: UnlinkAccountInput): Promise<UnlinkAccountResult>;
  /**
   * The provider's tokens from the latest sign-in through one of the user's identities
   * (stored sealed), for calling the provider's API; `null` when there are none. Throws
   * `SecretUnreadableError` when the stored value does not open.
   */
  getProviderTokens(input: GetProviderTokensInput): Promise<ProviderTokens | null>;
  /** The configured providers (id, name, kind) for a sign-in page; `[]` when none. */
  listOAuthProviders(): readonly OAuthProviderSummary[];
}
