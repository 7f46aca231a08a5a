export type { LinkedAccount } from './accounts.ts';
export type { OAuthMethods } from './auth-methods.ts';
export type {
  HandleCallbackDeps,
  OAuthCallbackFailureReason,
  OAuthCallbackInput,
  OAuthCallbackResult,
} from './callback.ts';
export { handleCallback } from './callback.ts';
export type { FetchFunction } from './http.ts';
export type { IdTokenExpectations, IdTokenFailureReason, IdTokenValidation } from './id-token.ts';
export { validateIdToken } from './id-token.ts';
export type {
  CompleteLinkingDeps,
  CompleteLinkingFailureReason,
  CompleteLinkingInput,
  CompleteLinkingResult,
  ListLinkedAccountsInput,
  OAuthProviderSummary,
  UnlinkAccountFailureReason,
  UnlinkAccountInput,
  UnlinkAccountResult,
} from './link.ts';
export { completeLinking, listLinkedAccounts, listOAuthProviders, unlinkAccount } from './link.ts';
export { codeChallengeS256, newCodeVerifier } from './pkce.ts';
export type { GetProviderTokensInput, ProviderTokens } from './provider-tokens.ts';
export { getProviderTokens } from './provider-tokens.ts';
export type {
  GitHubProviderInput,
  MicrosoftPresetInput,
  OAuthProviderInput,
  OidcProviderInput,
  PresetInput,
} from './providers.ts';
export { githubProvider, googleProvider, microsoftProvider } from './providers.ts';
export type { RedirectCheck } from './redirect.ts';
export { checkRedirectTarget } from './redirect.ts';
export type { OAuthOptions, OAuthRuntime } from './runtime.ts';
export { createOAuthRuntime } from './runtime.ts';
export type {
  StartAuthorizationDeps,
  StartAuthorizationFailureReason,
  StartAuthorizationInput,
  StartAuthorizationResult,
  StartLinkingInput,
} from './start.ts';
export { startAuthorization, startLinking } from './start.ts';
