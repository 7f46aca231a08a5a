/**
 * OpenID Connect Discovery 1.0: the issuer's metadata, fetched once and reused for a TTL,
 * and its signing keys through jose's remote key set (which refetches on an unknown `kid`,
 * with a cooldown, so key rotation at the provider needs nothing from the app).
 */
import type { JWTVerifyGetKey } from 'jose';
import { createRemoteJWKSet, customFetch } from 'jose';
import type { Clock } from '../primitives/index.ts';
import type { FetchFunction } from './http.ts';
import { fetchJsonObject, isSecureEndpoint, ProviderCallError } from './http.ts';
import type { OidcProviderInput } from './providers.ts';

/** The parts of a discovery document Portcullis uses. */
export interface OidcMetadata {
  /** The issuer as published: equal to the configured one, or Microsoft's `{tenantid}` template. */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userinfoEndpoint: string | null;
  /** RFC 9207: the provider sends `iss` with every authorization response. */
  readonly issParameterSupported: boolean;
  readonly keys: JWTVerifyGetKey;
}

interface CacheEntry {
  readonly expiresAt: number;
  readonly metadata: Promise<OidcMetadata>;
}

/** Discovery results per issuer, each kept for its provider's `discoveryTtl`. */
export class DiscoveryCache {
  readonly #entries = new Map<string, CacheEntry>();

  constructor(
    private readonly fetcher: FetchFunction,
    private readonly clock: Clock,
  ) {}

  /**
   * The provider's metadata: cached while fresh; concurrent callers share one request; a
   * failed request is not cached, so the next sign-in tries again.
   */
  metadata(provider: OidcProviderInput): Promise<OidcMetadata> {
    const now = this.clock.now().getTime();
    const cached = this.#entries.get(provider.issuer);
    if (cached && cached.expiresAt > now) return cached.metadata;
    const metadata = discover(this.fetcher, provider);
    const ttl = (provider.discoveryTtl ?? 3600) * 1000;
    this.#entries.set(provider.issuer, { expiresAt: now + ttl, metadata });
    metadata.catch(() => {
      if (this.#entries.get(provider.issuer)?.metadata === metadata) {
        this.#entries.delete(provider.issuer);
      }
    });
    return metadata;
  }
}

function endpoint(document: Record<string, unknown>, name: string): string {
  const value = document[name];
  if (typeof value !== 'string' || !isSecureEndpoint(value)) {
    throw new ProviderCallError('discovery', null);
  }
  return value;
}

async function discover(
  fetcher: FetchFunction,
  provider: OidcProviderInput,
): Promise<OidcMetadata> {
  // OIDC Discovery §4: the well-known path appended to the issuer (no trailing slash doubled).
  const base = provider.issuer.replace(/\/$/, '');
  const document = await fetchJsonObject(
    fetcher,
    'discovery',
    `${base}/.well-known/openid-configuration`,
  );
  // §4.3: the document must name exactly the issuer it was fetched for, else an attacker
  // controlling one issuer could impersonate another (mix-up). Microsoft's multi-tenant
  // documents publish a template instead, checked per token against its `tid`.
  const expected = provider.tenantIssuer
    ? 'https://login.microsoftonline.com/{tenantid}/v2.0'
    : provider.issuer;
  if (document.issuer !== expected) throw new ProviderCallError('discovery', null);
  const userinfo = document.userinfo_endpoint;
  const jwksUri = endpoint(document, 'jwks_uri');
  return {
    issuer: expected,
    authorizationEndpoint: endpoint(document, 'authorization_endpoint'),
    tokenEndpoint: endpoint(document, 'token_endpoint'),
    userinfoEndpoint: typeof userinfo === 'string' && isSecureEndpoint(userinfo) ? userinfo : null,
    issParameterSupported: document.authorization_response_iss_parameter_supported === true,
    keys: createRemoteJWKSet(new URL(jwksUri), {
      [customFetch]: (url, init) => fetcher(url, init),
    }),
  };
}
