/**
 * The protocol half of a callback, shared by sign-in and linking: the sealed state, the
 * `state` and `iss` parameters, the code exchange and the profile. What to do with the
 * identity is the caller's (resolve.ts, link.ts).
 */
import type { DepsFor } from '../deps.ts';
import type { OAuthAuditReason, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { constantTimeEqual } from '../primitives/index.ts';
import { requireString } from '../validation.ts';
import { ProviderCallError } from './http.ts';
import type { ProviderProfile } from './profile.ts';
import { githubEndpoints, githubProfile, oidcProfile } from './profile.ts';
import type { ProviderTokens } from './provider-tokens.ts';
import type { OAuthProviderInput } from './providers.ts';
import { oauthRuntime } from './runtime-of.ts';
import type { PendingAuthorization } from './state.ts';
import { openAuthorization } from './state.ts';

export type VerifyCallbackDeps = DepsFor<'config' | 'clock' | 'events' | 'oauth'>;

/** What the provider's redirect brought back, plus the state kept since the start. */
export interface OAuthCallbackInput {
  /** The provider id the callback arrived for (from the URL). */
  readonly provider: string;
  /** The sealed state from `startAuthorization`; `null` when the browser had none. */
  readonly sealedState: string | null;
  /** The callback's parameters as received (RFC 6749 §4.1.2, RFC 9207). */
  readonly code?: string | undefined;
  readonly state?: string | undefined;
  readonly iss?: string | undefined;
  readonly error?: string | undefined;
  readonly context?: RequestContext | undefined;
}

export type VerifiedCallback =
  | {
      readonly ok: true;
      readonly provider: OAuthProviderInput;
      readonly pending: PendingAuthorization;
      readonly profile: ProviderProfile;
      readonly tokens: ProviderTokens | null;
    }
  | { readonly ok: false; readonly reason: OAuthAuditReason };

const MAX_PARAMETER_LENGTH = 4096;

function parameter(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = requireString(name, value);
  return text.length > MAX_PARAMETER_LENGTH ? '' : text;
}

/** RFC 9207 §2.4: `iss`, when sent or promised, must name the issuer the request went to. */
function issuerMatches(
  expected: string | RegExp,
  promised: boolean,
  iss: string | undefined,
): boolean {
  if (iss === undefined) return !promised;
  return typeof expected === 'string' ? iss === expected : expected.test(iss);
}

/**
 * Checks the callback against its sealed state and the provider, exchanges the code and
 * reads the profile. Each refusal is emitted as `oauth.callback_failed` with its reason.
 */
export async function verifyCallback(
  deps: VerifyCallbackDeps,
  input: OAuthCallbackInput,
  linkUserId: string | null,
): Promise<VerifiedCallback> {
  const runtime = oauthRuntime(deps);
  const providerId = requireString('provider', input.provider);
  const sealed =
    input.sealedState === null ? null : requireString('sealedState', input.sealedState);
  const code = parameter('code', input.code);
  const state = parameter('state', input.state);
  const iss = parameter('iss', input.iss);
  const error = parameter('error', input.error);
  const now = deps.clock.now();
  const fail = async (reason: OAuthAuditReason, detail: string | null = null) => {
    await deps.events.emit(
      auditEvent(
        { type: 'oauth.callback_failed', userId: linkUserId, provider: providerId, reason, detail },
        now,
        input.context,
      ),
    );
    return { ok: false, reason } as const;
  };

  const provider = runtime.providers.get(providerId);
  const pending = sealed === null ? null : await openAuthorization(deps.config.secret, sealed, now);
  // The state must be the one this browser started, for this provider (a state cookie of
  // another provider is refused), for this purpose and user (RFC 6749 §10.12, login CSRF).
  if (
    !provider ||
    !pending ||
    pending.provider !== provider.id ||
    pending.linkUserId !== linkUserId ||
    state === undefined ||
    !constantTimeEqual(state, pending.state)
  ) {
    return fail('invalid_state');
  }
  if (error !== undefined) return fail('access_denied', error.slice(0, 64));
  if (code === undefined || code === '') return fail('token_exchange_failed', 'no_code');

  const exchange = {
    fetch: runtime.fetch,
    code,
    codeVerifier: pending.codeVerifier,
    now,
    clockSkew: deps.config.accessToken.clockSkew,
  };
  let result: Awaited<ReturnType<typeof oidcProfile>>;
  if (provider.kind === 'oidc') {
    let metadata: Awaited<ReturnType<typeof runtime.discovery.metadata>>;
    try {
      metadata = await runtime.discovery.metadata(provider);
    } catch (failure) {
      if (failure instanceof ProviderCallError) return fail('token_exchange_failed', 'discovery');
      throw failure;
    }
    const expected = provider.tenantIssuer
      ? /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/
      : metadata.issuer;
    // The mix-up defence: a response carrying another issuer's `iss` is never exchanged.
    if (!issuerMatches(expected, metadata.issParameterSupported, iss))
      return fail('issuer_mismatch');
    result = await oidcProfile(provider, metadata, pending.nonce ?? '', exchange);
  } else {
    if (!issuerMatches(githubEndpoints(provider).web, false, iss)) return fail('issuer_mismatch');
    result = await githubProfile(provider, exchange);
  }
  if (!result.ok) {
    const { step, detail } = result.failure;
    if (step === 'id_token') return fail('id_token_invalid', detail);
    return fail(step === 'token' ? 'token_exchange_failed' : 'profile_unavailable', detail);
  }
  return { ok: true, provider, pending, profile: result.profile, tokens: result.tokens };
}
