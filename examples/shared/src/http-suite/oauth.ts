/**
 * Sign-in with providers over HTTP, on both apps: a real OpenID Connect provider
 * (`oidc-provider` on 127.0.0.1: discovery, PKCE, ID tokens signed with its RS256 key,
 * UserInfo) and a stand-in speaking GitHub's endpoints, driven like a browser through
 * start → provider login → callback. Then the attacks on that flow.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import type { DevOidcProvider } from '../oauth/dev-provider.ts';
import { startDevOidcProvider } from '../oauth/dev-provider.ts';
import type { ApiClient, ApiResponse } from './client.ts';
import { ApiClient as Client, errorCode, record, text } from './client.ts';
import { freshEmail, sessionCookie, signInWithCookie, verifiedUser } from './flows.ts';
import type { GitHubStandIn, GitHubUser } from './github-stand-in.ts';
import { startGitHubStandIn } from './github-stand-in.ts';
import { authorizeAtProvider } from './oauth-browser.ts';

const STATE_COOKIE = 'portcullis_oauth';
const OIDC_CLIENT = {
  clientId: 'portcullis-suite',
  clientSecret: randomBytes(24).toString('base64url'),
};
const GITHUB_CLIENT = { clientId: 'gh-suite', clientSecret: randomBytes(24).toString('base64url') };

interface Started {
  readonly response: ApiResponse;
  readonly authorizationUrl: URL;
  /** `portcullis_oauth=…`, the state cookie as a browser would send it back. */
  readonly cookie: string;
}

function stateCookie(response: ApiResponse): string {
  const header = response.setCookies.find((cookie) => cookie.startsWith(`${STATE_COOKIE}=`));
  if (!header) throw new Error('no state cookie was set');
  return header.split(';')[0] ?? '';
}

async function startAt(
  api: ApiClient,
  provider: string,
  body: unknown = {},
  cookie?: string,
): Promise<Started> {
  const path = cookie ? `/auth/oauth/${provider}/link/start` : `/auth/oauth/${provider}/start`;
  const response = await api.request('POST', path, {
    json: body,
    ...(cookie ? { as: { cookie } } : {}),
  });
  expect(response.status, response.text).toBe(200);
  return {
    response,
    authorizationUrl: new URL(text(response.body, 'authorizationUrl')),
    cookie: stateCookie(response),
  };
}

/** The user signs in at the OIDC provider as `login`; the callback's parameters. */
async function atProvider(started: Started, login: string): Promise<Record<string, string>> {
  const redirectUri = started.authorizationUrl.searchParams.get('redirect_uri') ?? '';
  return Object.fromEntries(
    await authorizeAtProvider(started.authorizationUrl.href, login, redirectUri),
  );
}

/** GitHub's authorize endpoint answers at once for the user the stand-in signs in as. */
async function atGitHub(started: Started): Promise<Record<string, string>> {
  const response = await fetch(started.authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) throw new Error(`the stand-in answered ${response.status}`);
  return Object.fromEntries(new URL(location).searchParams);
}

function callback(
  api: ApiClient,
  provider: string,
  params: unknown,
  cookie: string | null,
  link = false,
) {
  const path = `/auth/oauth/${provider}/${link ? 'link/callback' : 'callback'}`;
  return api.request('POST', path, {
    json: params,
    ...(cookie === null ? {} : { as: { cookie } }),
  });
}

export function describeOAuth(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
): void {
  describe('sign-in with providers', { timeout: 30_000 }, () => {
    let dev: DevOidcProvider | undefined;
    let github: GitHubStandIn | undefined;
    let server: { url: string; close(): Promise<void> } | undefined;
    let client: ApiClient | undefined;

    beforeAll(async () => {
      dev = await startDevOidcProvider({});
      github = await startGitHubStandIn(GITHUB_CLIENT);
      server = await start({
        port: 0,
        env: {
          ...baseEnv,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
          RATE_LIMITS: 'off',
          OIDC_ISSUER: dev.issuer,
          OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
          OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
          GITHUB_CLIENT_ID: GITHUB_CLIENT.clientId,
          GITHUB_CLIENT_SECRET: GITHUB_CLIENT.clientSecret,
          GITHUB_WEB_URL: github.url,
          GITHUB_API_URL: github.url,
        },
      });
      const { port } = new URL(server.url);
      // Registered once the app's port is known, under both loopback names.
      dev.setClients([
        {
          ...OIDC_CLIENT,
          redirectUris: ['localhost', '127.0.0.1'].map(
            (host) => `http://${host}:${port}/oauth/callback/oidc`,
          ),
        },
      ]);
      client = new Client(server.url);
    }, 30_000);
    afterAll(async () => {
      await Promise.all([server?.close(), dev?.close(), github?.close()]);
    });
    const api = (): ApiClient => {
      if (!client) throw new Error('the example server did not start');
      return client;
    };
    const provider = (): DevOidcProvider => {
      if (!dev) throw new Error('the OIDC provider did not start');
      return dev;
    };
    const gitHub = (): GitHubStandIn => {
      if (!github) throw new Error('the GitHub stand-in did not start');
      return github;
    };

    it('lists the configured providers', async () => {
      const response = await api().get('/auth/oauth/providers');
      expect(response.status).toBe(200);
      expect(record(response.body).providers).toEqual([
        { id: 'oidc', name: 'OpenID Connect', kind: 'oidc' },
        { id: 'github', name: 'GitHub', kind: 'github' },
      ]);
    });

    it('OIDC end to end: a new identity creates an account, the next sign-in finds it', async () => {
      const email = freshEmail();
      const login = `alice-${randomUUID()}`;
      provider().accounts.set(login, { email, email_verified: true, name: 'Alice' });
      const started = await startAt(api(), 'oidc', { redirectTo: '/welcome?from=oidc' });
      const url = started.authorizationUrl;
      expect(url.origin).toBe(provider().issuer);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
      const attributes =
        started.response.setCookies.find((c) => c.startsWith(`${STATE_COOKIE}=`)) ?? '';
      expect(attributes).toMatch(/HttpOnly/);
      expect(attributes).toMatch(/SameSite=Lax/);
      expect(attributes).toMatch(/Max-Age=(599|600)\b/);

      const params = await atProvider(started, login);
      expect(params.iss).toBe(provider().issuer);
      const created = await callback(api(), 'oidc', params, started.cookie);
      expect(created.status, created.text).toBe(200);
      expect(record(created.body)).toMatchObject({
        status: 'created',
        redirectTo: '/welcome?from=oidc',
        user: { email, emailVerified: true, hasPassword: false },
      });
      // The state cookie is spent with the callback.
      expect(created.setCookies.find((c) => c.startsWith(`${STATE_COOKIE}=`))).toMatch(/Max-Age=0/);
      const cookie = sessionCookie(created).pair;
      const me = await api().get('/auth/me', { cookie });
      expect(me.status).toBe(200);
      const userId = text(me.body, 'user', 'id');

      const again = await startAt(api(), 'oidc');
      const second = await callback(api(), 'oidc', await atProvider(again, login), again.cookie);
      expect(second.status).toBe(200);
      expect(record(second.body)).toMatchObject({
        status: 'signed_in',
        redirectTo: '/',
        user: { id: userId },
      });
      const accounts = await api().get('/auth/oauth/accounts', { cookie });
      expect(accounts.status).toBe(200);
      expect(record(accounts.body).accounts).toEqual([
        expect.objectContaining({ provider: 'oidc', email, emailVerified: true }),
      ]);
    });

    it('answers bearer tokens when the callback asks for them', async () => {
      const login = `${freshEmail()}`;
      const started = await startAt(api(), 'oidc');
      const params = await atProvider(started, login);
      const response = await callback(api(), 'oidc', { ...params, mode: 'bearer' }, started.cookie);
      expect(response.status).toBe(200);
      const accessToken = text(response.body, 'accessToken');
      expect(text(response.body, 'refreshToken')).toMatch(/^[\w-]{43}$/);
      const me = await api().get('/auth/me', { bearer: accessToken });
      expect(text(me.body, 'user', 'email')).toBe(login);
    });

    it('never links an existing address silently; the owner links after signing in', async () => {
      const { email, password } = await verifiedUser(api());
      const login = `owner-${randomUUID()}`;
      provider().accounts.set(login, { email: email.toUpperCase(), email_verified: true });
      const started = await startAt(api(), 'oidc', { redirectTo: '/account' });
      const refused = await callback(
        api(),
        'oidc',
        await atProvider(started, login),
        started.cookie,
      );
      expect(refused.status).toBe(200);
      expect(record(refused.body)).toEqual({
        status: 'link_requires_confirmation',
        provider: 'oidc',
        redirectTo: '/account',
      });
      expect(refused.setCookies.some((c) => c.startsWith('portcullis_session='))).toBe(false);

      // The owner proves the account with its password, then links the provider.
      const owner = await signInWithCookie(api(), email, password);
      const link = await startAt(api(), 'oidc', {}, owner.cookie);
      const params = await atProvider(link, login);
      // A sign-in callback cannot redeem a link's state.
      const misuse = await callback(api(), 'oidc', params, link.cookie);
      expect(errorCode(misuse)).toBe('invalid_oauth_state');
      const relink = await startAt(api(), 'oidc', {}, owner.cookie);
      const linked = await callback(
        api(),
        'oidc',
        await atProvider(relink, login),
        `${owner.cookie}; ${relink.cookie}`,
        true,
      );
      expect(linked.status, linked.text).toBe(200);
      expect(record(linked.body)).toMatchObject({
        status: 'linked',
        account: { provider: 'oidc' },
      });

      const next = await startAt(api(), 'oidc');
      const signedIn = await callback(api(), 'oidc', await atProvider(next, login), next.cookie);
      expect(record(signedIn.body)).toMatchObject({
        status: 'signed_in',
        user: { id: owner.userId },
      });

      const accounts = await api().get('/auth/oauth/accounts', { cookie: owner.cookie });
      const [account] = record(accounts.body).accounts as { id: string }[];
      const unlinked = await api().delete(`/auth/oauth/accounts/${account?.id}`, {
        cookie: owner.cookie,
      });
      expect(unlinked.status).toBe(204);
      expect(
        record((await api().get('/auth/oauth/accounts', { cookie: owner.cookie })).body).accounts,
      ).toEqual([]);
    });

    it('an unverified provider address matching an account does not link', async () => {
      const { email, password } = await verifiedUser(api());
      const login = `impostor-${randomUUID()}`;
      provider().accounts.set(login, { email, email_verified: false });
      const started = await startAt(api(), 'oidc');
      const response = await callback(
        api(),
        'oidc',
        await atProvider(started, login),
        started.cookie,
      );
      expect(record(response.body).status).toBe('link_requires_confirmation');
      const owner = await signInWithCookie(api(), email, password);
      const accounts = await api().get('/auth/oauth/accounts', { cookie: owner.cookie });
      expect(record(accounts.body).accounts).toEqual([]);
    });

    it('refuses to unlink the last way to sign in', async () => {
      const started = await startAt(api(), 'oidc');
      const created = await callback(
        api(),
        'oidc',
        await atProvider(started, freshEmail()),
        started.cookie,
      );
      const cookie = sessionCookie(created).pair;
      const accounts = await api().get('/auth/oauth/accounts', { cookie });
      const [account] = record(accounts.body).accounts as { id: string }[];
      const refused = await api().delete(`/auth/oauth/accounts/${account?.id}`, { cookie });
      expect(refused.status).toBe(409);
      expect(errorCode(refused)).toBe('last_sign_in_method');
    });

    it('GitHub: the primary verified address; an unverified primary stays unverified', async () => {
      const verified: GitHubUser = {
        id: 1000 + Math.floor(Math.random() * 1e9),
        login: 'octocat',
        emails: [
          { email: freshEmail(), primary: false, verified: true },
          { email: freshEmail(), primary: true, verified: true },
        ],
      };
      gitHub().signInAs(verified);
      const started = await startAt(api(), 'github');
      expect(started.authorizationUrl.pathname).toBe('/login/oauth/authorize');
      expect(started.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
      const params = await atGitHub(started);
      const created = await callback(api(), 'github', params, started.cookie);
      expect(created.status, created.text).toBe(200);
      expect(record(created.body)).toMatchObject({
        status: 'created',
        user: { email: verified.emails[1]?.email, emailVerified: true },
      });
      const replay = await callback(api(), 'github', params, started.cookie);
      expect(errorCode(replay)).toBe('oauth_failed');

      const unverified: GitHubUser = {
        id: verified.id + 1,
        login: 'unverified',
        emails: [{ email: freshEmail(), primary: true, verified: false }],
      };
      gitHub().signInAs(unverified);
      const next = await startAt(api(), 'github');
      const second = await callback(api(), 'github', await atGitHub(next), next.cookie);
      expect(record(second.body)).toMatchObject({
        status: 'created',
        user: { emailVerified: false },
      });
    });

    it('an account whose provider address is unverified cannot mint an API key (403)', async () => {
      const email = freshEmail();
      const login = `unproven-${randomUUID()}`;
      provider().accounts.set(login, { email, email_verified: false });
      const started = await startAt(api(), 'oidc');
      const created = await callback(
        api(),
        'oidc',
        await atProvider(started, login),
        started.cookie,
      );
      expect(record(created.body)).toMatchObject({
        status: 'created',
        user: { emailVerified: false },
      });
      const cookie = sessionCookie(created).pair;
      const mint = await api().request('POST', '/auth/api-keys', {
        as: { cookie },
        json: { name: 'lasting' },
      });
      expect([mint.status, errorCode(mint)]).toEqual([403, 'email_not_verified']);
      expect(record((await api().get('/auth/api-keys', { cookie })).body).keys).toEqual([]);
    });

    describe('attacks', () => {
      it('refuses a missing, wrong or foreign state', async () => {
        const started = await startAt(api(), 'oidc');
        const params = await atProvider(started, freshEmail());
        const codeOf = async (response: Promise<ApiResponse>) => {
          const answer = await response;
          return `${answer.status} ${errorCode(answer)}`;
        };
        expect(await codeOf(callback(api(), 'oidc', params, null))).toBe('400 invalid_oauth_state');
        const { state: _state, ...withoutState } = params;
        expect(await codeOf(callback(api(), 'oidc', withoutState, started.cookie))).toBe(
          '400 invalid_oauth_state',
        );
        expect(
          await codeOf(
            callback(api(), 'oidc', { ...params, state: 'x'.repeat(43) }, started.cookie),
          ),
        ).toBe('400 invalid_oauth_state');
        const tampered = `${started.cookie.slice(0, -3)}AAA`;
        expect(await codeOf(callback(api(), 'oidc', params, tampered))).toBe(
          '400 invalid_oauth_state',
        );
        // A state cookie started for GitHub does not finish an OIDC sign-in.
        gitHub().signInAs({ id: 7, login: 'x', emails: [] });
        const other = await startAt(api(), 'github');
        const otherState = other.authorizationUrl.searchParams.get('state');
        expect(
          await codeOf(callback(api(), 'oidc', { ...params, state: otherState }, other.cookie)),
        ).toBe('400 invalid_oauth_state');
        // The genuine callback still works: none of the above spent the code.
        expect((await callback(api(), 'oidc', params, started.cookie)).status).toBe(200);
      });

      it('refuses a code redeemed with another browser’s verifier, and a replayed code', async () => {
        const victim = await startAt(api(), 'oidc');
        const attacker = await startAt(api(), 'oidc');
        const attackerParams = await atProvider(attacker, freshEmail());
        // Code injection: the attacker's code in the victim's session (state and cookie
        // the victim's own). The provider checks the verifier against the code's challenge.
        const injected = await callback(
          api(),
          'oidc',
          { ...attackerParams, state: victim.authorizationUrl.searchParams.get('state') },
          victim.cookie,
        );
        expect(injected.status).toBe(401);
        expect(errorCode(injected)).toBe('oauth_failed');

        const honest = await startAt(api(), 'oidc');
        const params = await atProvider(honest, freshEmail());
        expect((await callback(api(), 'oidc', params, honest.cookie)).status).toBe(200);
        const replay = await callback(api(), 'oidc', params, honest.cookie);
        expect(replay.status).toBe(401);
        expect(errorCode(replay)).toBe('oauth_failed');
      });

      it('refuses a response carrying another issuer (mix-up) or none where one is promised', async () => {
        const started = await startAt(api(), 'oidc');
        const params = await atProvider(started, freshEmail());
        const mixedUp = await callback(
          api(),
          'oidc',
          { ...params, iss: gitHub().url },
          started.cookie,
        );
        expect(errorCode(mixedUp)).toBe('oauth_failed');
        const { iss: _iss, ...withoutIss } = params;
        const missing = await callback(api(), 'oidc', withoutIss, started.cookie);
        expect(errorCode(missing)).toBe('oauth_failed');
      });

      it('refuses open redirects and unknown providers', async () => {
        for (const redirectTo of [
          'https://evil.example/',
          '//evil.example/path',
          '/\\evil.example',
          '\\\\evil.example',
          'javascript:alert(document.cookie)',
          ' /ok',
        ]) {
          const response = await api().post('/auth/oauth/oidc/start', { redirectTo });
          expect(`${redirectTo}: ${response.status}`).toBe(
            `${redirectTo}: ${redirectTo === '/%0a/evil.example' ? 200 : 400}`,
          );
          if (response.status === 400) expect(errorCode(response)).toBe('redirect_not_allowed');
        }
        const unknown = await api().post('/auth/oauth/nope/start', {});
        expect(unknown.status).toBe(404);
        expect(errorCode(unknown)).toBe('unknown_provider');
      });

      it('forwards a denial at the provider as access_denied', async () => {
        const started = await startAt(api(), 'oidc');
        const state = started.authorizationUrl.searchParams.get('state');
        const denied = await callback(
          api(),
          'oidc',
          { error: 'access_denied', state },
          started.cookie,
        );
        expect(denied.status).toBe(403);
        expect(errorCode(denied)).toBe('oauth_access_denied');
      });
    });
  });
}
