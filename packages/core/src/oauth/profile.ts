/**
 * What a provider tells us about the person, once the code is exchanged: the identity
 * (issuer, subject) and, when it has one, the address and whether it vouches for it.
 */
import type { JWTPayload } from 'jose';
import type { OidcMetadata } from './discovery.ts';
import type { FetchFunction } from './http.ts';
import { fetchJson, fetchJsonObject, ProviderCallError } from './http.ts';
import type { IdTokenFailureReason } from './id-token.ts';
import { validateIdToken } from './id-token.ts';
import type { ProviderTokens } from './provider-tokens.ts';
import { providerTokensOf } from './provider-tokens.ts';
import type { GitHubProviderInput, OidcProviderInput } from './providers.ts';

export interface ProviderProfile {
  readonly issuer: string;
  readonly subject: string;
  /** `null` when the provider gave none. */
  readonly email: string | null;
  /** Only an explicit assertion counts: OIDC `email_verified: true`, GitHub's `verified`. */
  readonly emailVerified: boolean;
}

/** Why the exchange produced no profile (audit detail). */
export type ProfileFailure =
  | { readonly step: 'token'; readonly detail: string | null }
  | { readonly step: 'id_token'; readonly detail: IdTokenFailureReason }
  | { readonly step: 'profile'; readonly detail: string | null };

export type ProfileResult =
  | { readonly ok: true; readonly profile: ProviderProfile; readonly tokens: ProviderTokens | null }
  | { readonly ok: false; readonly failure: ProfileFailure };

interface Exchange {
  readonly fetch: FetchFunction;
  readonly code: string;
  readonly codeVerifier: string;
  readonly now: Date;
  readonly clockSkew: number;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

/** RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5), client_secret_post (§2.3.1). */
async function tokenRequest(
  fetcher: FetchFunction,
  url: string,
  provider: OidcProviderInput | GitHubProviderInput,
  exchange: Exchange,
): Promise<Record<string, unknown> | null> {
  try {
    const answer = await fetchJsonObject(fetcher, 'token', url, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: form({
        grant_type: 'authorization_code',
        code: exchange.code,
        redirect_uri: provider.redirectUri,
        code_verifier: exchange.codeVerifier,
        client_id: provider.clientId,
        client_secret: provider.clientSecret,
      }),
    });
    // GitHub answers refusals with 200 and an `error` member.
    return typeof answer.error === 'string' ? null : answer;
  } catch (error) {
    if (error instanceof ProviderCallError) return null;
    throw error;
  }
}

function microsoftIssuerCheck(
  alias: NonNullable<OidcProviderInput['tenantIssuer']>,
): (iss: string, payload: JWTPayload) => boolean {
  const consumers = '9188040d-6c67-4c5b-b112-36a304b66dad';
  return (iss, payload) => {
    const tid = payload.tid;
    if (typeof tid !== 'string' || !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(tid)) {
      return false;
    }
    if (alias === 'consumers' && tid !== consumers) return false;
    if (alias === 'organizations' && tid === consumers) return false;
    return iss === `https://login.microsoftonline.com/${tid}/v2.0`;
  };
}

/** The OIDC code exchange, ID token validation and (when the token has no email) UserInfo. */
export async function oidcProfile(
  provider: OidcProviderInput,
  metadata: OidcMetadata,
  nonce: string,
  exchange: Exchange,
): Promise<ProfileResult> {
  const tokens = await tokenRequest(exchange.fetch, metadata.tokenEndpoint, provider, exchange);
  if (!tokens) return { ok: false, failure: { step: 'token', detail: 'refused' } };
  const idToken = tokens.id_token;
  if (typeof idToken !== 'string')
    return { ok: false, failure: { step: 'token', detail: 'no_id_token' } };
  const validation = await validateIdToken(idToken, {
    keys: metadata.keys,
    algorithms: provider.idTokenAlgorithms ?? ['RS256'],
    issuer: provider.tenantIssuer ? microsoftIssuerCheck(provider.tenantIssuer) : metadata.issuer,
    clientId: provider.clientId,
    nonce,
    now: exchange.now,
    clockSkew: exchange.clockSkew,
    maxAge: 600,
  });
  if (!validation.ok)
    return { ok: false, failure: { step: 'id_token', detail: validation.reason } };
  const { claims } = validation;
  let email = claims.email;
  let verified = claims.email_verified;
  const accessToken = tokens.access_token;
  if (typeof email !== 'string' && metadata.userinfoEndpoint && typeof accessToken === 'string') {
    try {
      const info = await fetchJsonObject(exchange.fetch, 'profile', metadata.userinfoEndpoint, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      // OIDC Core §5.3.4: a UserInfo answer about someone else must be ignored.
      if (info.sub !== claims.sub)
        return { ok: false, failure: { step: 'profile', detail: 'sub_mismatch' } };
      email = info.email;
      verified = info.email_verified;
    } catch (error) {
      if (!(error instanceof ProviderCallError)) throw error;
      return { ok: false, failure: { step: 'profile', detail: 'userinfo_failed' } };
    }
  }
  return {
    ok: true,
    tokens: providerTokensOf(tokens, exchange.now),
    profile: {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof email === 'string' ? email : null,
      emailVerified: typeof email === 'string' && verified === true,
    },
  };
}

/** GitHub's endpoints, defaulted. */
export function githubEndpoints(provider: GitHubProviderInput): { web: string; api: string } {
  const { web, api } = provider.endpoints ?? {
    web: 'https://github.com',
    api: 'https://api.github.com',
  };
  return { web: web.replace(/\/$/, ''), api: api.replace(/\/$/, '') };
}

/**
 * GitHub: the code exchange, then `GET /user` for the numeric id and `GET /user/emails`
 * for the primary address, used only when GitHub marks it verified.
 */
export async function githubProfile(
  provider: GitHubProviderInput,
  exchange: Exchange,
): Promise<ProfileResult> {
  const { web, api } = githubEndpoints(provider);
  const tokens = await tokenRequest(
    exchange.fetch,
    `${web}/login/oauth/access_token`,
    provider,
    exchange,
  );
  const accessToken = tokens?.access_token;
  if (typeof accessToken !== 'string')
    return { ok: false, failure: { step: 'token', detail: 'refused' } };
  const headers = {
    authorization: `Bearer ${accessToken}`,
    accept: 'application/vnd.github+json',
    'user-agent': 'portcullis',
    'x-github-api-version': '2022-11-28',
  };
  try {
    const user = await fetchJsonObject(exchange.fetch, 'profile', `${api}/user`, { headers });
    const emails = await fetchJson(exchange.fetch, 'profile', `${api}/user/emails`, { headers });
    if (!Number.isSafeInteger(user.id) || !Array.isArray(emails)) {
      return { ok: false, failure: { step: 'profile', detail: 'malformed' } };
    }
    const primary = emails.find(
      (entry: unknown) =>
        typeof entry === 'object' && entry !== null && Reflect.get(entry, 'primary') === true,
    ) as Record<string, unknown> | undefined;
    const email = primary && typeof primary.email === 'string' ? primary.email : null;
    return {
      ok: true,
      tokens: tokens ? providerTokensOf(tokens, exchange.now) : null,
      profile: {
        issuer: web,
        subject: String(user.id),
        email,
        emailVerified: email !== null && primary?.verified === true,
      },
    };
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    return { ok: false, failure: { step: 'profile', detail: 'request_failed' } };
  }
}
