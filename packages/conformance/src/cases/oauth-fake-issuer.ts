/**
 * A minimal OpenID Connect issuer inside a `fetch` function, on WebCrypto only, so the
 * OAuth cases run the same on every runtime: discovery, a JWKS, a token endpoint that
 * checks the PKCE verifier and spends each code once, and ID tokens the case shapes.
 */

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const encodeJson = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** Signs a compact JWS with RS256 (or HS256 under `hmacSecret`, to forge with a client secret). */
export async function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: CryptoKey | { readonly hmacSecret: string },
): Promise<string> {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  const data = new TextEncoder().encode(input);
  let signature: ArrayBuffer;
  if ('hmacSecret' in key) {
    const hmac = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(key.hmacSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    signature = await crypto.subtle.sign('HMAC', hmac, data);
  } else {
    signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, data);
  }
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** An unsigned (`alg: none`) JWT. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(claims)}.`;
}

/** A fresh RS256 key pair, its public JWK tagged with `kid`. */
export async function rsaKey(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = {
    ...(await crypto.subtle.exportKey('jwk', pair.publicKey)),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, jwk };
}

export interface FakeIssuerOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly now: () => Date;
}

/** What the next code the user "approves" yields. */
export interface Approval {
  readonly subject: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** Replaces the ID token the token endpoint returns (attack cases). */
  readonly idToken?: (claims: Record<string, unknown>) => Promise<string>;
}

/** The fake issuer: `fetch` serves it; `approve` stands in for the user at the login page. */
export async function fakeIssuer(options: FakeIssuerOptions) {
  const key = await rsaKey('fake-1');
  const codes = new Map<string, { approval: Approval; challenge: string; nonce: string }>();
  const issued: string[] = [];
  const base = options.issuer;

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const challengeOf = async (verifier: string) =>
    b64url(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
    );

  /** What the provider's login page would do: returns the callback parameters. */
  function approve(authorizationUrl: string, approval: Approval) {
    const url = new URL(authorizationUrl);
    const code = crypto.randomUUID();
    codes.set(code, {
      approval,
      challenge: url.searchParams.get('code_challenge') ?? '',
      nonce: url.searchParams.get('nonce') ?? '',
    });
    return { code, state: url.searchParams.get('state') ?? '', iss: base };
  }

  async function idTokenFor(approval: Approval, nonce: string): Promise<string> {
    const iat = Math.floor(options.now().getTime() / 1000);
    const claims: Record<string, unknown> = {
      iss: base,
      sub: approval.subject,
      aud: options.clientId,
      iat,
      exp: iat + 300,
      nonce,
      ...(approval.email === undefined
        ? {}
        : { email: approval.email, email_verified: approval.emailVerified ?? false }),
    };
    if (approval.idToken) return approval.idToken(claims);
    return signJwt({ alg: 'RS256', kid: 'fake-1', typ: 'JWT' }, claims, key.privateKey);
  }

  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [key.jwk] });
    if (url.pathname === '/token' && init?.method === 'POST') {
      const form = new URLSearchParams(String(init.body));
      const entry = codes.get(form.get('code') ?? '');
      // RFC 6749 §4.1.2: a code is single use.
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (
        !entry ||
        form.get('client_id') !== options.clientId ||
        form.get('client_secret') !== options.clientSecret ||
        (await challengeOf(verifier)) !== entry.challenge
      ) {
        return json({ error: 'invalid_grant' }, 400);
      }
      const accessToken = crypto.randomUUID();
      issued.push(accessToken);
      return json({
        access_token: accessToken,
        refresh_token: `refresh-${accessToken}`,
        expires_in: 3600,
        scope: 'openid email',
        token_type: 'Bearer',
        id_token: await idTokenFor(entry.approval, entry.nonce),
      });
    }
    return json({ error: 'not_found' }, 404);
  };

  /** The access tokens the token endpoint issued, oldest first. */
  const accessTokens = (): readonly string[] => issued;
  return { fetch, approve, key, accessTokens };
}
