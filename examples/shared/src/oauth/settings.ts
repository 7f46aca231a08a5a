/**
 * Sign-in providers for the example apps, from the environment. Each provider is on when
 * its client id and secret are set; the local test provider (a real OIDC provider on
 * 127.0.0.1) is on by default in development on a loopback origin, so the demo page's
 * "Sign in with …" button works with no account anywhere.
 *
 * | provider                  | variables                                                   |
 * | ------------------------- | ----------------------------------------------------------- |
 * | any OpenID Connect issuer | OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME    |
 * | Google                    | GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET                      |
 * | Microsoft                 | MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET, MICROSOFT_TENANT |
 * | GitHub                    | GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET (GITHUB_WEB_URL, GITHUB_API_URL) |
 * | the local test provider   | DEV_OIDC=on/off                                             |
 *
 * Each provider's redirect URI is `APP_ORIGIN/oauth/callback/<id>`; register it with the
 * provider.
 */
import { randomBytes } from 'node:crypto';
import type { OAuthOptions, OAuthProviderInput } from '@portcullis/core';
import { githubProvider, googleProvider, microsoftProvider } from '@portcullis/core';
import type { ExampleEnv, ExampleSettings } from '../settings.ts';
import { ExampleSettingsError } from '../startup.ts';
import type { DevOidcProvider } from './dev-provider.ts';

export interface ExampleOAuth {
  /** `undefined` when no provider is configured. */
  readonly options: OAuthOptions | undefined;
  /** The local test provider, when it runs. */
  readonly devProvider: DevOidcProvider | null;
  close(): Promise<void>;
}

/** Where provider `id` sends the browser back: a page of the app (the demo page). */
export function redirectUriFor(appOrigin: string, id: string): string {
  return `${appOrigin}/oauth/callback/${id}`;
}

function pair(env: ExampleEnv, prefix: string): { clientId: string; clientSecret: string } | null {
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() ?? '';
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() ?? '';
  if (clientId === '' && clientSecret === '') return null;
  if (clientId === '' || clientSecret === '') {
    throw new ExampleSettingsError(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
  }
  return { clientId, clientSecret };
}

function devOidcEnabled(env: ExampleEnv, settings: ExampleSettings): boolean {
  const value = env.DEV_OIDC?.trim().toLowerCase();
  if (value === undefined || value === '') {
    const loopback = ['localhost', '127.0.0.1'].includes(new URL(settings.appOrigin).hostname);
    return !settings.production && env.NODE_ENV !== 'test' && loopback;
  }
  if (['1', 'true', 'on', 'yes'].includes(value)) {
    // Anyone can sign in as anyone there.
    if (settings.production)
      throw new ExampleSettingsError('DEV_OIDC cannot be on when NODE_ENV=production');
    return true;
  }
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ExampleSettingsError('DEV_OIDC must be on or off');
}

/** The configured providers (and the local test provider, started here when enabled). */
export async function createExampleOAuth(
  env: ExampleEnv,
  settings: ExampleSettings,
): Promise<ExampleOAuth> {
  const redirect = (id: string) => redirectUriFor(settings.appOrigin, id);
  const providers: OAuthProviderInput[] = [];
  const oidc = pair(env, 'OIDC');
  if (oidc) {
    const issuer = env.OIDC_ISSUER?.trim() ?? '';
    if (issuer === '')
      throw new ExampleSettingsError('OIDC_ISSUER is required with OIDC_CLIENT_ID');
    providers.push({
      kind: 'oidc',
      id: 'oidc',
      name: env.OIDC_NAME?.trim() || 'OpenID Connect',
      issuer,
      redirectUri: redirect('oidc'),
      ...oidc,
    });
  }
  const google = pair(env, 'GOOGLE');
  if (google) providers.push(googleProvider({ ...google, redirectUri: redirect('google') }));
  const microsoft = pair(env, 'MICROSOFT');
  if (microsoft) {
    const tenant = env.MICROSOFT_TENANT?.trim() || 'common';
    providers.push(microsoftProvider({ ...microsoft, tenant, redirectUri: redirect('microsoft') }));
  }
  const github = pair(env, 'GITHUB');
  if (github) {
    const web = env.GITHUB_WEB_URL?.trim();
    const api = env.GITHUB_API_URL?.trim();
    providers.push(
      githubProvider({
        ...github,
        redirectUri: redirect('github'),
        ...(web && api ? { endpoints: { web, api } } : {}),
      }),
    );
  }
  let devProvider: DevOidcProvider | null = null;
  if (devOidcEnabled(env, settings)) {
    const client = {
      clientId: 'portcullis-example',
      clientSecret: randomBytes(24).toString('base64url'),
    };
    // Loaded only when used: production never imports the development provider.
    const { startDevOidcProvider } = await import('./dev-provider.ts');
    devProvider = await startDevOidcProvider({
      clients: [
        {
          ...client,
          // The page may be opened under either loopback name.
          redirectUris: settings.allowedOrigins.map((origin) => redirectUriFor(origin, 'dev')),
        },
      ],
    });
    providers.push({
      kind: 'oidc',
      id: 'dev',
      name: 'Local test provider',
      issuer: devProvider.issuer,
      redirectUri: redirect('dev'),
      ...client,
    });
  }
  const running = devProvider;
  return {
    options: providers.length === 0 ? undefined : { providers },
    devProvider,
    close: async () => {
      await running?.close();
    },
  };
}
