/**
 * Starting an authorization: the provider's URL with PKCE (S256), `state` and, for OIDC,
 * `nonce`, all drawn here so no caller invents them, and the sealed state for the caller
 * to keep (the HTTP layer: a short-lived HttpOnly cookie) until the callback.
 */
import { FLOW_DISABLED } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import { randomToken } from '../primitives/index.ts';
import { parseIdentifier, requireString } from '../validation.ts';
import { ProviderCallError } from './http.ts';
import { codeChallengeS256, newCodeVerifier } from './pkce.ts';
import { githubEndpoints } from './profile.ts';
import { checkRedirectTarget } from './redirect.ts';
import { oauthRuntime } from './runtime-of.ts';
import type { PendingAuthorization } from './state.ts';
import { sealAuthorization } from './state.ts';

export type StartAuthorizationDeps = DepsFor<'config' | 'clock' | 'random' | 'oauth'>;

export interface StartAuthorizationInput {
  /** A configured provider id (from the URL, so any string). */
  readonly provider: string;
  /** Where to send the browser after the callback; checked against the redirect policy. */
  readonly redirectTo?: string | undefined;
}

/** A signed-in user linking another identity to their account. */
export interface StartLinkingInput extends StartAuthorizationInput {
  readonly userId: string;
}

/**
 * Why an authorization could not start: `unknown_provider` (no such id configured),
 * `redirect_not_allowed` (the target failed the redirect check), `provider_unavailable`
 * (the issuer's discovery document could not be read), `disabled` (`flows.oauth` is off).
 */
export type StartAuthorizationFailureReason =
  | 'disabled'
  | 'unknown_provider'
  | 'redirect_not_allowed'
  | 'provider_unavailable';

export type StartAuthorizationResult =
  | {
      readonly ok: true;
      /** Send the browser here. */
      readonly authorizationUrl: string;
      /** Keep until the callback (opaque, sealed); hand it back to `handleCallback`. */
      readonly sealedState: string;
      readonly expiresAt: Date;
    }
  | { readonly ok: false; readonly reason: StartAuthorizationFailureReason };

async function start(
  deps: StartAuthorizationDeps,
  input: StartAuthorizationInput,
  linkUserId: string | null,
): Promise<StartAuthorizationResult> {
  const runtime = oauthRuntime(deps);
  const providerId = requireString('provider', input.provider);
  const redirectInput =
    input.redirectTo === undefined ? undefined : requireString('redirectTo', input.redirectTo);
  const provider = runtime.providers.get(providerId);
  if (!provider) return { ok: false, reason: 'unknown_provider' };
  let redirectTo: string | null = null;
  if (redirectInput !== undefined) {
    const checked = checkRedirectTarget(redirectInput, runtime.redirectOrigins);
    if (!checked.ok) return { ok: false, reason: 'redirect_not_allowed' };
    redirectTo = checked.target;
  }

  let endpoint: string;
  try {
    endpoint =
      provider.kind === 'oidc'
        ? (await runtime.discovery.metadata(provider)).authorizationEndpoint
        : `${githubEndpoints(provider).web}/login/oauth/authorize`;
  } catch (error) {
    if (error instanceof ProviderCallError) return { ok: false, reason: 'provider_unavailable' };
    throw error;
  }
  const pending: PendingAuthorization = {
    provider: provider.id,
    state: randomToken(deps.random, 256),
    nonce: provider.kind === 'oidc' ? randomToken(deps.random, 256) : null,
    codeVerifier: newCodeVerifier(deps.random),
    redirectTo,
    linkUserId,
  };
  const url = new URL(endpoint);
  const scopes =
    provider.scopes ??
    (provider.kind === 'oidc' ? ['openid', 'email', 'profile'] : ['read:user', 'user:email']);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: provider.redirectUri,
    scope: scopes.join(' '),
    state: pending.state,
    code_challenge: await codeChallengeS256(pending.codeVerifier),
    code_challenge_method: 'S256',
    ...(pending.nonce === null ? {} : { nonce: pending.nonce }),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + runtime.stateTtl * 1000);
  const sealedState = await sealAuthorization(deps.config.secret, pending, now, expiresAt);
  return { ok: true, authorizationUrl: url.href, sealedState, expiresAt };
}

/**
 * Starts signing in with `input.provider`: returns the authorization URL and the sealed
 * state to keep until the callback, or a {@link StartAuthorizationFailureReason}. Throws
 * `InputError` for a non-string provider or target, `ConfigError` when no providers are
 * configured.
 */
export function startAuthorization(
  deps: StartAuthorizationDeps,
  input: StartAuthorizationInput,
): Promise<StartAuthorizationResult> {
  if (!deps.config.flows.oauth) return Promise.resolve(FLOW_DISABLED);
  return start(deps, input, null);
}

/**
 * Starts linking `input.provider` to the signed-in user `input.userId`; finish with
 * `completeLinking`. The sealed state is bound to the user, so it cannot finish a sign-in
 * or another user's link. Throws `InputError` for a malformed user id.
 */
export function startLinking(
  deps: StartAuthorizationDeps,
  input: StartLinkingInput,
): Promise<StartAuthorizationResult> {
  if (!deps.config.flows.oauth) return Promise.resolve(FLOW_DISABLED);
  return start(deps, input, parseIdentifier('userId', input.userId));
}
