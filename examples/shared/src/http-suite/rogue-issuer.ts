/**
 * An OpenID Connect issuer that answers like a real one (discovery, JWKS, authorize,
 * token) but hands out ID tokens a test shapes: the wrong audience, another issuer, a
 * replayed nonce, an expired one, `alg: none`, HS256 keyed with the client secret. The
 * apps must refuse each one over HTTP exactly as core does.
 */
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Turns the claims an honest issuer would sign into the token the test wants sent. */
export type Forgery = (claims: Record<string, unknown>) => string;

export interface RogueIssuer {
  readonly issuer: string;
  /** The ID token the next code exchange returns. */
  forge(forgery: Forgery): void;
  /** Signs like the issuer does (RS256, its published key). */
  signRs256(claims: Record<string, unknown>): string;
  /** HS256 with `secret`, the classic "the client secret is a key" forgery. */
  signHs256(claims: Record<string, unknown>, secret: string): string;
  /** `alg: none`, no signature. */
  unsigned(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startRogueIssuer(client: {
  readonly clientId: string;
}): Promise<RogueIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'rogue-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, string>();
  let forgery: Forgery | null = null;
  let issuer = '';

  const signRs256 = (claims: Record<string, unknown>) => {
    const input = `${b64({ alg: 'RS256', kid: 'rogue-1', typ: 'JWT' })}.${b64(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  const signHs256 = (claims: Record<string, unknown>, secret: string) => {
    const input = `${b64({ alg: 'HS256', kid: 'rogue-1', typ: 'JWT' })}.${b64(claims)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const unsigned = (claims: Record<string, unknown>) =>
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      // Approves at once: the user is "signed in" at this issuer.
      const code = randomBytes(12).toString('hex');
      codes.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const code = new URLSearchParams(body).get('code') ?? '';
      const nonce = codes.get(code);
      codes.delete(code);
      if (nonce === undefined) return json({ error: 'invalid_grant' }, 400);
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: issuer,
        sub: `rogue-${randomBytes(6).toString('hex')}`,
        aud: client.clientId,
        iat: now,
        exp: now + 300,
        nonce,
        email: `rogue-${randomBytes(6).toString('hex')}@example.test`,
        email_verified: true,
      };
      return json({
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        id_token: forgery ? forgery(claims) : signRs256(claims),
      });
    }
    return json({ error: 'not_found' }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    forge(next) {
      forgery = next;
    },
    signRs256,
    signHs256,
    unsigned,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
