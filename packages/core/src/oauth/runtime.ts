/**
 * The OAuth settings `createAuth({ oauth })` takes, validated once (`ConfigError` on a bad
 * one), plus the state they share at run time: the discovery cache.
 */
import { ConfigError } from '../errors.ts';
import type { Clock } from '../primitives/index.ts';
import { DiscoveryCache } from './discovery.ts';
import type { FetchFunction } from './http.ts';
import { isSecureEndpoint } from './http.ts';
import type { OAuthProviderInput } from './providers.ts';
import { checkRedirectTarget } from './redirect.ts';

/** What `createAuth({ oauth })` accepts. */
export interface OAuthOptions {
  readonly providers: readonly OAuthProviderInput[];
  /**
   * Origins an absolute post-login redirect may point to (`https://app.example.com`).
   * Default none: only paths relative to the app (`/account`) are accepted.
   */
  readonly redirectOrigins?: readonly string[];
  /** Seconds a started authorization stays redeemable. Default 600 (60–3600). */
  readonly stateTtl?: number;
  /** Where a callback without a `redirectTo` sends the browser. Default `/`. */
  readonly defaultRedirect?: string;
  /** The `fetch` provider calls go through. Default the runtime's global `fetch`. */
  readonly fetch?: FetchFunction;
}

/** The validated settings and the discovery cache, held in `AuthDeps.oauth`. */
export interface OAuthRuntime {
  readonly providers: ReadonlyMap<string, OAuthProviderInput>;
  readonly redirectOrigins: readonly string[];
  readonly stateTtl: number;
  readonly defaultRedirect: string;
  readonly fetch: FetchFunction;
  readonly discovery: DiscoveryCache;
}

const PROVIDER_ID = /^[a-z0-9-]{1,32}$/;
const FORBIDDEN_ALGORITHMS = /^(none|HS\d+)$/i;

function fail(message: string): never {
  throw new ConfigError(`oauth: ${message}`);
}

function checkProvider(provider: OAuthProviderInput): void {
  const label = `provider ${JSON.stringify(provider.id)}`;
  if (typeof provider.id !== 'string' || !PROVIDER_ID.test(provider.id)) {
    fail(`${label}: id must be 1–32 of a-z, 0-9 and -`);
  }
  for (const field of ['clientId', 'clientSecret'] as const) {
    if (typeof provider[field] !== 'string' || provider[field] === '')
      fail(`${label}: ${field} is required`);
  }
  let redirect: URL | null = null;
  try {
    redirect = new URL(provider.redirectUri);
  } catch {
    // Reported below.
  }
  if (!redirect || !['http:', 'https:'].includes(redirect.protocol) || redirect.hash !== '') {
    fail(`${label}: redirectUri must be an absolute http(s) URL without a fragment`);
  }
  if (provider.kind === 'oidc') {
    if (!isSecureEndpoint(provider.issuer))
      fail(`${label}: issuer must be https (or loopback http)`);
    for (const alg of provider.idTokenAlgorithms ?? []) {
      if (FORBIDDEN_ALGORITHMS.test(alg)) fail(`${label}: ${alg} is never accepted on ID tokens`);
    }
    const ttl = provider.discoveryTtl;
    if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl >= 0 && ttl <= 86_400)) {
      fail(`${label}: discoveryTtl must be 0–86400 seconds`);
    }
  } else if (provider.kind === 'github') {
    for (const url of Object.values(provider.endpoints ?? {})) {
      if (!isSecureEndpoint(url)) fail(`${label}: endpoints must be https (or loopback http)`);
    }
  } else {
    fail(`${label}: kind must be 'oidc' or 'github'`);
  }
}

/** Validates `options` and builds the runtime. Throws `ConfigError` naming the bad setting. */
export function createOAuthRuntime(options: OAuthOptions, clock: Clock): OAuthRuntime {
  const providers = new Map<string, OAuthProviderInput>();
  for (const provider of options.providers) {
    checkProvider(provider);
    if (providers.has(provider.id))
      fail(`provider id ${JSON.stringify(provider.id)} is used twice`);
    providers.set(provider.id, provider);
  }
  const redirectOrigins = options.redirectOrigins ?? [];
  for (const origin of redirectOrigins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // Reported below.
    }
    if (!parsed || parsed.origin !== origin || !['http:', 'https:'].includes(parsed.protocol)) {
      fail(
        `redirectOrigins entry ${JSON.stringify(origin)} is not an origin like https://app.example`,
      );
    }
  }
  const stateTtl = options.stateTtl ?? 600;
  if (!Number.isSafeInteger(stateTtl) || stateTtl < 60 || stateTtl > 3600) {
    fail('stateTtl must be 60–3600 seconds');
  }
  const defaultRedirect = options.defaultRedirect ?? '/';
  if (!checkRedirectTarget(defaultRedirect, redirectOrigins).ok) {
    fail('defaultRedirect must pass the redirect check (a relative path or an allowed origin)');
  }
  const fetcher: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    providers,
    redirectOrigins,
    stateTtl,
    defaultRedirect,
    fetch: fetcher,
    discovery: new DiscoveryCache(fetcher, clock),
  };
}
