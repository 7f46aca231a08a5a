/**
 * Wires `@portcullis/core` for the example apps from environment variables: one call
 * gives the bound `auth`, the dev mailbox, the options for the HTTP bindings and a
 * `close` for shutdown.
 */
import type { Auth, AuthConfigInput } from '@portcullis/core';
import { auditLogSink, createAuth, createAuthConfig, deriveKeys } from '@portcullis/core';
import { createNodePasswordHasher } from '@portcullis/hasher-node';
import type { AuthHttpOptions } from '@portcullis/http';
import { exampleAdminPolicy } from './admin-policy.ts';
import { devMailboxHook } from './data-hooks.ts';
import { DevMailbox } from './mailbox.ts';
import type { ExampleOAuth } from './oauth/settings.ts';
import { createExampleOAuth } from './oauth/settings.ts';
import { REPORTS_SCOPE } from './pages.ts';
import { createExampleRateLimits } from './rate-limits.ts';
import type { ExampleEnv, ExampleSettings } from './settings.ts';
import { readExampleSettings } from './settings.ts';
import { createStore } from './store.ts';

export interface ExampleAuth {
  readonly auth: Auth;
  /** Receives every mail; shown at `/dev/mailbox` when `settings.devMailbox`. */
  readonly mailbox: DevMailbox;
  readonly httpOptions: AuthHttpOptions;
  readonly settings: ExampleSettings;
  /** What the store is (`memory`, ...), for the startup log. */
  readonly storeKind: string;
  /** Where rate limits are counted (`redis (host:port)`, `memory (this process)`, `off`). */
  readonly rateLimitKind: string;
  /** The local test provider's issuer when it runs (development), else `null`. */
  readonly devOidcIssuer: string | null;
  close(): Promise<void>;
}

export interface CreateExampleAuthOptions {
  /** PORT when the environment has none. Default 3000. */
  readonly defaultPort?: number;
  /** Where startup warnings go. Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

export async function createExampleAuth(
  env: ExampleEnv,
  options: CreateExampleAuthOptions = {},
): Promise<ExampleAuth> {
  const settings = readExampleSettings(env, options.defaultPort);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (settings.secretSource === 'generated') {
    warn(
      'AUTH_SECRET is not set: using a random secret for this process, so every restart ' +
        'signs everyone out. Set AUTH_SECRET (32+ bytes) to keep sessions; it is required ' +
        'when NODE_ENV=production.',
    );
  }
  if (settings.production) {
    warn(
      'The example has no mail transport: mail is kept in memory and never delivered. ' +
        'Pass your own AuthMailer before using this in production.',
    );
  }
  if (!settings.rateLimits) {
    warn(
      'RATE_LIMITS=off: no auth route is rate limited and no device cookie is set ' +
        '(REDIS_URL, if set, is not used). Production refuses this setting.',
    );
  } else if (settings.production && settings.redisUrl === null) {
    warn(
      'Rate limits are counted in this process only. With more than one instance, set ' +
        'REDIS_URL so they share one count.',
    );
  }
  const mailbox = new DevMailbox({
    linkBase: settings.appOrigin,
    onError: (error, type) => warn(`A ${type} mail could not be delivered: ${String(error)}`),
  });
  // Independent keys from AUTH_SECRET: the access-token key never also MACs codes.
  const keys = await deriveKeys(settings.secret);
  const rateLimits = await createExampleRateLimits(settings, keys.rateLimitSecret);
  const store = await createStore(settings.databaseUrl, env).catch(async (error: unknown) => {
    await rateLimits.close();
    throw error;
  });
  const oauth: ExampleOAuth = await createExampleOAuth(env, settings).catch(
    async (error: unknown) => {
      await Promise.all([store.close(), rateLimits.close()]);
      throw error;
    },
  );
  const close = async () => {
    await Promise.all([store.close(), rateLimits.close(), oauth.close()]);
  };
  try {
    const config: AuthConfigInput = {
      secret: keys.serverSecret,
      issuer: settings.issuer,
      audience: settings.audience,
      accessToken: {
        keys: [{ kid: 'example-hs256', alg: 'HS256', secret: keys.accessTokenSecret }],
      },
      // Magic links open the demo page, which reads the token from the fragment.
      passwordless: { linkUrl: new URL('/', settings.appOrigin).href, signUp: true },
      // TOTP secrets are sealed with a key of AUTH_SECRET's own; the id names it in each
      // sealed value, so a later key can be added beside it without re-enrolling anyone.
      mfa: { secretBoxKeys: [{ id: 'example-1', key: keys.secretBoxKey }] },
      flows: Object.fromEntries(settings.flowsOff.map((flow) => [flow, false])),
      // Passkeys belong to APP_ORIGIN's host (behind a proxy: the public one, never the
      // Host header a request arrives with).
      ...(settings.passkeys
        ? { passkeys: { ...settings.passkeys, rpName: 'Portcullis example' } }
        : {}),
      introspection: {
        clients: settings.introspectionClient === null ? [] : [settings.introspectionClient],
      },
    };
    const auth = createAuth({
      config,
      repos: store.repos,
      mailer: mailbox,
      // Native argon2id on libuv's pool: hashing never stalls the event loop, both cores
      // hash, and a flood of sign-ins is answered 503 + Retry-After instead of queueing.
      hasher: createNodePasswordHasher(createAuthConfig(config)),
      ...(oauth.options ? { oauth: oauth.options } : {}),
      // Every event is kept in the audit log (queried by the admin API); a failing write
      // is reported and never fails the request.
      auditSinks: [auditLogSink(store.repos.auditLog)],
      onAuditFailure: (error, event) =>
        warn(`The ${event.type} audit event could not be stored: ${String(error)}`),
      // The app's own personal data, purged and exported with the account.
      dataSubjectHooks: [devMailboxHook(mailbox, store.repos.users)],
    });
    return {
      auth,
      mailbox,
      httpOptions: {
        allowedOrigins: settings.allowedOrigins,
        trustedProxies: settings.trustedProxies,
        cookie: { secure: settings.secureCookies },
        bearer: settings.bearerMode,
        // Password change and MFA changes need a second-factor sign-in of the last 15
        // minutes from users who have MFA.
        stepUp: { maxAge: 15 * 60 },
        // Granted to signed-in users and the most an API key they create can carry.
        scopes: [REPORTS_SCOPE],
        ...(rateLimits.limiter === null ? {} : { rateLimiter: rateLimits.limiter }),
        adminPolicy: exampleAdminPolicy(auth, settings.adminEmails),
      },
      settings,
      storeKind: store.kind,
      rateLimitKind: rateLimits.kind,
      devOidcIssuer: oauth.devProvider?.issuer ?? null,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
