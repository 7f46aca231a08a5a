/**
 * The one HTTP test suite both example apps run: every route of the example API
 * (/work/notes/http-api.md) end to end over real sockets with `fetch`, plus attack cases.
 * One server per app is started for the whole suite; every test makes its own users with
 * fresh random addresses, so tests share no mutable fixtures and run in any order.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeAccountData } from './http-suite/account-data.ts';
import { describeAccounts } from './http-suite/accounts.ts';
import { describeAdmin } from './http-suite/admin.ts';
import { describeAdminStepUp } from './http-suite/admin-step-up.ts';
import { describeApiKeyScopeCap } from './http-suite/api-key-scopes.ts';
import { describeApiKeys } from './http-suite/api-keys.ts';
import { describeAttacks } from './http-suite/attacks.ts';
import { ApiClient } from './http-suite/client.ts';
import { describeDisabledFlows } from './http-suite/disabled-flows.ts';
import { describeJsonHeaders } from './http-suite/headers.ts';
import { describeHijacking } from './http-suite/hijacking.ts';
import { describeIntrospection, SUITE_INTROSPECTION_CLIENT } from './http-suite/introspection.ts';
import { describeMfa, describeMfaDecryptFailure } from './http-suite/mfa.ts';
import { describeOAuth } from './http-suite/oauth.ts';
import { describeOAuthIdTokenAttacks } from './http-suite/oauth-id-tokens.ts';
import { describeOrganizationManagement } from './http-suite/organization-management.ts';
import { describeOrganizations } from './http-suite/organizations.ts';
import { describeOwnerProofLimits } from './http-suite/owner-limits.ts';
import { describePasskeyLimits, describePasskeys } from './http-suite/passkeys.ts';
import {
  describeMagicLinkExpiry,
  describePasswordless,
  describePasswordlessLimits,
} from './http-suite/passwordless.ts';
import { describePasswords } from './http-suite/passwords.ts';
import { describeRateLimits } from './http-suite/rate-limits.ts';
import { describeSessions } from './http-suite/sessions.ts';
import { describeStartup } from './http-suite/startup.ts';

export type { ApiResponse, Credentials, RequestOptions } from './http-suite/client.ts';
export { ApiClient } from './http-suite/client.ts';
export { describeStartupFailures } from './http-suite/startup-failures.ts';

/** What `startHonoExample` and `startExpressExample` look like. */
export type StartExample = (options?: {
  port?: number;
  env?: Record<string, string | undefined>;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** The Redis the rate-limit cases share: REDIS_URL (CI sets it), else the local default. */
const redisUrl = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

/**
 * The route cases alone, for an app already running with rate limits off and the dev
 * mailbox on (the Workers example runs them under workerd).
 */
export function describeHttpRoutes(api: () => ApiClient): void {
  describeAccounts(api);
  describeSessions(api);
  describePasswords(api);
  describePasswordless(api);
  describeMfa(api);
  describePasskeys(api);
  // Before the attacks: their oversized bodies leave the server closing a kept-alive socket.
  describeHijacking(api);
  describeAttacks(api);
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Registers the suite for one example app. */
export function describeHttpApi(name: string, start: StartExample): void {
  describe(`${name} example over HTTP`, { timeout: 30_000 }, () => {
    let server: { url: string; close(): Promise<void> } | undefined;
    let client: ApiClient | undefined;

    // Only what the suite sets: the developer's own environment does not leak in.
    const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
    const baseEnv = {
      NODE_ENV: 'test',
      // Lets the store run against a real Postgres when CI provides one, in a schema of
      // this run's own: whatever an earlier run or another branch left in the database
      // (say a newer migration) cannot fail this one.
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: `example_${randomBytes(6).toString('hex')}`,
    };
    const authSecret = randomBytes(32).toString('base64url');
    // The one operator of this run (ADMIN_EMAILS): the admin cases sign it up themselves.
    const adminEmail = `admin-${randomBytes(6).toString('hex')}@example.test`;
    // A second operator, who enrols a second factor (the step-up cases).
    const mfaAdminEmail = `mfa-admin-${randomBytes(6).toString('hex')}@example.test`;
    beforeAll(async () => {
      server = await start({
        port: 0,
        // Every test here signs up and in from 127.0.0.1: far past what limits allow one
        // address. `describeRateLimits` starts its own servers with limits on.
        env: {
          ...baseEnv,
          AUTH_SECRET: authSecret,
          RATE_LIMITS: 'off',
          INTROSPECTION_CLIENT: `${SUITE_INTROSPECTION_CLIENT.id}:${SUITE_INTROSPECTION_CLIENT.secret}`,
          ADMIN_EMAILS: `${adminEmail},${mfaAdminEmail}`,
        },
      });
      client = new ApiClient(server.url);
    }, 30_000);
    afterAll(async () => {
      await server?.close();
      if (databaseUrl !== undefined) await dropSchema(databaseUrl, baseEnv.DATABASE_SCHEMA);
    });

    const api = (): ApiClient => {
      if (!client) throw new Error('the example server did not start');
      return client;
    };
    describeHttpRoutes(api);
    describeMagicLinkExpiry(api, () => authSecret);
    describeApiKeys(api);
    describeApiKeyScopeCap(api, () => authSecret);
    describeOrganizations(api);
    describeOrganizationManagement(api);
    describeIntrospection(api);
    describeAccountData(api);
    describeAdmin(api, adminEmail);
    describeAdminStepUp(api, mfaAdminEmail);
    describeJsonHeaders(api);
    describeMfaDecryptFailure(start, baseEnv);
    describeRateLimits(start, baseEnv, redisUrl);
    describeOwnerProofLimits(start, baseEnv);
    describePasskeyLimits(start, baseEnv);
    describePasswordlessLimits(start, baseEnv);
    describeStartup(start, baseEnv);
    describeOAuth(start, baseEnv);
    describeOAuthIdTokenAttacks(start, baseEnv);
    describeDisabledFlows(start, baseEnv);
  });
}
