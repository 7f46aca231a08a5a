/// <reference path="./oidc-provider.d.ts" />
/**
 * A real OpenID Connect provider (the `oidc-provider` package, in development mode) on
 * 127.0.0.1, for the demo page's "Sign in with …" button and for the tests. Its login page
 * takes any name: a name with an `@` is used as a verified address, and tests register
 * accounts with the claims they need. Never for production: anyone can sign in as anyone.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import Provider from 'oidc-provider';

/** The claims a test gives an account (the login name is its `sub`). */
export interface DevAccountClaims {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
}

export interface DevClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

export interface DevOidcProvider {
  /** `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** Claims by login name; names not here get an address only when they contain `@`. */
  readonly accounts: Map<string, DevAccountClaims>;
  /**
   * Registers the clients (replacing any before, with every code and session). Tests that
   * learn an app's port only after starting it register its redirect URIs then.
   */
  setClients(clients: readonly DevClient[]): void;
  close(): Promise<void>;
}

function claimsFor(accounts: Map<string, DevAccountClaims>, login: string): DevAccountClaims {
  const registered = accounts.get(login);
  if (registered) return registered;
  return login.includes('@')
    ? { email: login, email_verified: true, name: login }
    : { name: login };
}

/** Starts the provider on 127.0.0.1 (`port` 0: any free port) with the given clients. */
export async function startDevOidcProvider(options: {
  readonly clients?: readonly DevClient[];
  readonly port?: number;
}): Promise<DevOidcProvider> {
  let handler: Server['emit'] | undefined;
  const server = createServer((req, res) => {
    if (handler) (handler as unknown as (q: typeof req, s: typeof res) => void)(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, DevAccountClaims>();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'dev-rs256',
    alg: 'RS256',
    use: 'sig',
  };

  const provide = (clients: readonly DevClient[]) => {
    const provider = new Provider(issuer, {
      clients: clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [...client.redirectUris],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      })),
      jwks: { keys: [jwk] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      // Minutes: a test or a demo sign-in, never a long session at the provider.
      ttl: {
        AuthorizationCode: 60,
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
        AccessToken: 600,
        IdToken: 600,
      },
      async findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account> {
        return { accountId: sub, claims: async () => ({ sub, ...claimsFor(accounts, sub) }) };
      },
      // A first-party client: the user is not asked to consent to the scopes.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const { oidc } = ctx;
        const grantId =
          oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
        if (grantId) return oidc.provider.Grant.find(grantId);
        const grant = new oidc.provider.Grant({
          clientId: oidc.client.clientId,
          accountId: oidc.session.accountId,
        });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
    });
    handler = provider.callback() as unknown as Server['emit'];
  };
  provide(options.clients ?? []);
  return {
    issuer,
    accounts,
    setClients: provide,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
