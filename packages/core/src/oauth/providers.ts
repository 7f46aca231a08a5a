/**
 * Provider settings: any OpenID Connect issuer (discovery), presets for Google and
 * Microsoft, and GitHub (plain OAuth 2.0). Each is plain data an app passes to
 * `createAuth({ oauth: { providers } })`.
 */

/** Settings every provider shares. */
interface ProviderBase {
  /** Route and state id, e.g. `google`: 1–32 of `a-z 0-9 -`. Unique per app. */
  readonly id: string;
  /** What the "Sign in with …" button says. Default: the id. */
  readonly name?: string;
  readonly clientId: string;
  /** The client secret (`client_secret_post` at the token endpoint). */
  readonly clientSecret: string;
  /** Where the provider sends the browser back, exactly as registered with it. */
  readonly redirectUri: string;
  /** Scopes to ask for. OIDC default `openid email profile`; GitHub `read:user user:email`. */
  readonly scopes?: readonly string[];
}

/** Any OpenID Connect issuer, configured through its discovery document. */
export interface OidcProviderInput extends ProviderBase {
  readonly kind: 'oidc';
  /**
   * The issuer identifier (`https://accounts.example.com`). Discovery reads
   * `{issuer}/.well-known/openid-configuration` (OIDC Discovery §4) and refuses a document
   * naming another issuer. `https` only, except a loopback host (local test providers).
   */
  readonly issuer: string;
  /**
   * Signature algorithms accepted on ID tokens. Default `['RS256']`, the algorithm every
   * OIDC provider must support (OIDC Core §15.1). `none` and HMAC (`HS*`, keyed with the
   * client secret) are never accepted.
   */
  readonly idTokenAlgorithms?: readonly string[];
  /** How long a discovery document is reused, in seconds. Default 3600. */
  readonly discoveryTtl?: number;
  /**
   * Microsoft's multi-tenant endpoints publish `{tenantid}` in their issuer; set by
   * `microsoftProvider` for `common`, `organizations` and `consumers`.
   */
  readonly tenantIssuer?: 'common' | 'organizations' | 'consumers';
}

/** GitHub: plain OAuth 2.0 (no ID token); the identity is the numeric user id. */
export interface GitHubProviderInput extends ProviderBase {
  readonly kind: 'github';
  /**
   * GitHub's endpoints; override only for GitHub Enterprise Server (or a local stand-in in
   * tests). Default `https://github.com` and `https://api.github.com`.
   */
  readonly endpoints?: {
    readonly web: string;
    readonly api: string;
  };
}

export type OAuthProviderInput = OidcProviderInput | GitHubProviderInput;

/** Client registration shared by the presets. */
export type PresetInput = Omit<ProviderBase, 'id'> & { readonly id?: string };

/** Google as an OpenID Connect issuer (`https://accounts.google.com`). Id default `google`. */
export function googleProvider(input: PresetInput): OidcProviderInput {
  return {
    id: 'google',
    name: 'Google',
    ...input,
    kind: 'oidc',
    issuer: 'https://accounts.google.com',
  };
}

/** Microsoft identity platform v2.0 through a tenant: a tenant id or domain, or an alias. */
export interface MicrosoftPresetInput extends PresetInput {
  /**
   * `common` (work and personal accounts, the default), `organizations`, `consumers`, or
   * one tenant's id or domain (only its users can sign in).
   */
  readonly tenant?: string;
}

const MICROSOFT_ALIASES = ['common', 'organizations', 'consumers'] as const;

/** Microsoft Entra ID / personal accounts (v2.0 endpoints). Id default `microsoft`. */
export function microsoftProvider(input: MicrosoftPresetInput): OidcProviderInput {
  const { tenant = 'common', ...client } = input;
  const alias = MICROSOFT_ALIASES.find((name) => name === tenant);
  return {
    id: 'microsoft',
    name: 'Microsoft',
    ...client,
    kind: 'oidc',
    issuer: `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0`,
    ...(alias === undefined ? {} : { tenantIssuer: alias }),
  };
}

/** GitHub (or GitHub Enterprise Server through `endpoints`). Id default `github`. */
export function githubProvider(
  input: PresetInput & Pick<GitHubProviderInput, 'endpoints'>,
): GitHubProviderInput {
  return { id: 'github', name: 'GitHub', ...input, kind: 'github' };
}
