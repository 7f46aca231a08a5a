/**
 * Reads the example apps' settings from environment variables, with development defaults
 * that are safe on a laptop and refusals where a default would be unsafe in production.
 */
import { randomBytes } from 'node:crypto';
import type { AuthFlow } from '@portcullis/core';
import { parseIpRange } from '@portcullis/core';
import { parseFlowsOff, parseIntrospectionClient } from './env-switches.ts';
import { ExampleSettingsError, parseServiceUrl } from './startup.ts';

/** The environment an example reads (usually `process.env`). */
export type ExampleEnv = Readonly<Record<string, string | undefined>>;

export interface ExampleSettings {
  readonly production: boolean;
  readonly port: number;
  /** Where the app is reached; mail links point here. */
  readonly appOrigin: string;
  /** Origins accepted by the CSRF check on cookie-authenticated state changes. */
  readonly allowedOrigins: readonly string[];
  /** `false` only for plain-http localhost, where browsers would drop a `Secure` cookie. */
  readonly secureCookies: boolean;
  readonly trustedProxies: readonly string[];
  /** Mount `/dev/mailbox`: on by default in development on a loopback origin; never in production. */
  readonly devMailbox: boolean;
  readonly secret: string;
  /** `generated` when AUTH_SECRET was missing in development. */
  readonly secretSource: 'env' | 'generated';
  readonly issuer: string;
  readonly audience: string;
  /** `false` only when RATE_LIMITS=off, which production refuses. */
  readonly rateLimits: boolean;
  /** REDIS_URL: where rate-limit buckets are shared between instances; `null` for memory. */
  readonly redisUrl: string | null;
  /** DATABASE_URL: a PostgreSQL server; `null` for the embedded PGlite. */
  readonly databaseUrl: string | null;
  /** BEARER_MODE: `strict` (default, one session read per request) or `stateless`. */
  readonly bearerMode: 'strict' | 'stateless';
  /** FLOWS_OFF: flows switched off (their routes answer 404). */
  readonly flowsOff: readonly AuthFlow[];
  /** INTROSPECTION_CLIENT: the resource server allowed to introspect, or `null`. */
  readonly introspectionClient: { readonly id: string; readonly secret: string } | null;
  /**
   * ADMIN_EMAILS: the verified addresses allowed to use the admin API (comma-separated,
   * compared lower-cased). Default none: the admin API refuses everyone.
   */
  readonly adminEmails: readonly string[];
  /**
   * The passkey relying party, from APP_ORIGIN: its host is the rpId and the origin the one
   * allowed (`localhost` for a loopback origin, since browsers refuse an IP address as
   * rpId). `null` for any other IP-address origin: passkeys are then off.
   */
  readonly passkeys: { readonly rpId: string; readonly origins: readonly string[] } | null;
}

export { ExampleSettingsError };

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

let processSecret: string | undefined;

/** One random secret per process, so restarts (not requests) invalidate dev sessions. */
function generatedSecret(): string {
  processSecret ??= randomBytes(32).toString('base64url');
  return processSecret;
}

function parseBearerMode(value: string | undefined): 'strict' | 'stateless' {
  const mode = value?.trim() || 'strict';
  if (mode === 'strict' || mode === 'stateless') return mode;
  throw new ExampleSettingsError("BEARER_MODE must be 'strict' or 'stateless'");
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ExampleSettingsError('PORT must be an integer between 0 and 65535');
  }
  return port;
}

function parseOrigin(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ExampleSettingsError('APP_ORIGIN must be an absolute URL like https://app.example');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExampleSettingsError('APP_ORIGIN must use http or https');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ExampleSettingsError('APP_ORIGIN must be an origin only (no path, query or user)');
  }
  return url;
}

/** The origin plus its loopback twin: a browser may be pointed at either name. */
function passkeysFor(url: URL): ExampleSettings['passkeys'] {
  const local = new URL(url.origin);
  if (LOOPBACK_HOSTS.includes(url.hostname)) local.hostname = 'localhost';
  // WebAuthn relying parties are domains (§5.1.4.1): an IP address cannot be one.
  if (/^[\d.]+$/.test(local.hostname) || local.hostname.startsWith('[')) return null;
  return { rpId: local.hostname, origins: [local.origin] };
}

function originsFor(url: URL): string[] {
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [url.origin];
  return LOOPBACK_HOSTS.map((host) => {
    const twin = new URL(url.origin);
    twin.hostname = host;
    return twin.origin;
  });
}

function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    // The same parser `@portcullis/http` applies to `trustedProxies`, so what passes here
    // cannot fail there with a less helpful error.
    if (parseIpRange(entry) === null) {
      throw new ExampleSettingsError(
        'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges',
      );
    }
  }
  return entries;
}

function parseAdminEmails(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  if (entries.some((entry) => !/^[^@\s]+@[^@\s]+$/.test(entry))) {
    throw new ExampleSettingsError('ADMIN_EMAILS must be a comma-separated list of addresses');
  }
  return entries;
}

function parseDevMailbox(value: string | undefined, production: boolean, origin: URL): boolean {
  const enabled = parseSwitch('DEV_MAILBOX', value);
  // A non-loopback APP_ORIGIN means a deployed server, where a forgotten NODE_ENV must not
  // publish every reset link: there the mailbox takes an explicit DEV_MAILBOX=true.
  if (enabled === undefined) return !production && LOOPBACK_HOSTS.includes(origin.hostname);
  // The dev mailbox shows every verification code and reset link to anyone who asks.
  if (enabled && production) {
    throw new ExampleSettingsError('DEV_MAILBOX cannot be enabled when NODE_ENV=production');
  }
  return enabled;
}

/** `on`/`off` switches (`true`/`false`, `1`/`0`, `yes`/`no` too); `undefined` when unset. */
function parseSwitch(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const word = value.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(word)) return true;
  if (['0', 'false', 'off', 'no'].includes(word)) return false;
  throw new ExampleSettingsError(`${name} must be on or off`);
}

function parseRateLimits(value: string | undefined, production: boolean): boolean {
  const enabled = parseSwitch('RATE_LIMITS', value) ?? true;
  // Without limits every sign-in is a free password guess and every sign-up an argon2 run.
  if (!enabled && production) {
    throw new ExampleSettingsError('RATE_LIMITS cannot be off when NODE_ENV=production');
  }
  return enabled;
}

/**
 * Validates the environment. In production a missing AUTH_SECRET or APP_ORIGIN is fatal; in
 * development a random per-process secret is used instead (sessions end at every restart).
 */
export function readExampleSettings(env: ExampleEnv, defaultPort = 3000): ExampleSettings {
  const production = env.NODE_ENV === 'production';
  const port = parsePort(env.PORT, defaultPort);
  const origin = parseOrigin(env.APP_ORIGIN?.trim() || `http://localhost:${port}`);
  const envSecret = env.AUTH_SECRET;
  if (!envSecret && production) {
    throw new ExampleSettingsError('AUTH_SECRET is required when NODE_ENV=production');
  }
  if (envSecret && Buffer.byteLength(envSecret, 'utf8') < 32) {
    throw new ExampleSettingsError('AUTH_SECRET must be at least 32 bytes');
  }
  // A localhost default in production would mean non-Secure cookies and mail links no
  // user can open.
  if (production && !env.APP_ORIGIN?.trim()) {
    throw new ExampleSettingsError('APP_ORIGIN is required when NODE_ENV=production');
  }
  return {
    production,
    port,
    appOrigin: origin.origin,
    allowedOrigins: originsFor(origin),
    passkeys: passkeysFor(origin),
    secureCookies: !(origin.protocol === 'http:' && LOOPBACK_HOSTS.includes(origin.hostname)),
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    devMailbox: parseDevMailbox(env.DEV_MAILBOX, production, origin),
    secret: envSecret || generatedSecret(),
    secretSource: envSecret ? 'env' : 'generated',
    issuer: env.AUTH_ISSUER?.trim() || origin.origin,
    audience: env.AUTH_AUDIENCE?.trim() || `${origin.origin}/api`,
    rateLimits: parseRateLimits(env.RATE_LIMITS, production),
    redisUrl: parseServiceUrl(
      'REDIS_URL',
      env.REDIS_URL,
      ['redis:', 'rediss:'],
      'redis://host:6379',
    ),
    databaseUrl: parseServiceUrl(
      'DATABASE_URL',
      env.DATABASE_URL,
      ['postgres:', 'postgresql:'],
      'postgres://user:password@host:5432/database',
    ),
    bearerMode: parseBearerMode(env.BEARER_MODE),
    flowsOff: parseFlowsOff(env.FLOWS_OFF),
    introspectionClient: parseIntrospectionClient(env.INTROSPECTION_CLIENT),
    adminEmails: parseAdminEmails(env.ADMIN_EMAILS),
  };
}
