/** The little of `oidc-provider` (which ships no types) the dev provider uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface KoaContextWithOIDC {
    readonly oidc: {
      readonly result?: { readonly consent?: { readonly grantId?: string } };
      readonly session: {
        readonly accountId?: string;
        grantIdFor(clientId: string): string | undefined;
      };
      readonly client: { readonly clientId: string };
      readonly provider: Provider;
    };
  }

  export interface Account {
    readonly accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export interface Configuration {
    readonly clients: readonly Record<string, unknown>[];
    readonly jwks: { readonly keys: readonly Record<string, unknown>[] };
    readonly cookies: { readonly keys: readonly string[] };
    readonly claims: Record<string, readonly string[]>;
    readonly features: Record<string, { readonly enabled: boolean }>;
    readonly pkce: { required(): boolean };
    readonly ttl: Record<string, number>;
    findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined>;
    loadExistingGrant(ctx: KoaContextWithOIDC): Promise<GrantInstance | undefined>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly Grant: {
      new (init: { clientId: string; accountId?: string | undefined }): GrantInstance;
      find(id: string): Promise<GrantInstance | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export default Provider;
}
