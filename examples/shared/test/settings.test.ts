import { describe, expect, it } from 'vitest';
import { ExampleSettingsError, readExampleSettings } from '../src/settings.ts';

const SECRET = 's'.repeat(32);

describe('readExampleSettings', () => {
  it('defaults to plain-http localhost on the port, allowing both loopback names', () => {
    const settings = readExampleSettings({ PORT: '4000', AUTH_SECRET: SECRET });
    expect(settings).toMatchObject({
      production: false,
      port: 4000,
      appOrigin: 'http://localhost:4000',
      allowedOrigins: ['http://localhost:4000', 'http://127.0.0.1:4000'],
      secureCookies: false,
      trustedProxies: [],
      devMailbox: true,
      secretSource: 'env',
      bearerMode: 'strict',
      flowsOff: [],
    });
    expect(readExampleSettings({}, 3001).appOrigin).toBe('http://localhost:3001');
  });

  it('uses APP_ORIGIN, with secure cookies for anything but http loopback', () => {
    const https = readExampleSettings({ APP_ORIGIN: 'https://app.example', AUTH_SECRET: SECRET });
    expect(https.allowedOrigins).toEqual(['https://app.example']);
    expect(https.secureCookies).toBe(true);
    const httpRemote = readExampleSettings({ APP_ORIGIN: 'http://app.example:8080' });
    expect(httpRemote.secureCookies).toBe(true);
    const loopback = readExampleSettings({ APP_ORIGIN: 'http://127.0.0.1:5173' });
    expect(loopback.allowedOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    expect(loopback.secureCookies).toBe(false);
    const httpsLocal = readExampleSettings({ APP_ORIGIN: 'https://localhost:8443' });
    expect(httpsLocal.secureCookies).toBe(true);
  });

  it('refuses malformed origins, ports, proxies and short secrets', () => {
    for (const env of [
      { APP_ORIGIN: 'localhost:3000' },
      { APP_ORIGIN: 'ftp://app.example' },
      { APP_ORIGIN: 'https://app.example/path' },
      { APP_ORIGIN: 'https://user@app.example' },
      { PORT: '70000' },
      { PORT: 'eighty' },
      { TRUSTED_PROXIES: '10.0.0.1, not-an-ip' },
      { TRUSTED_PROXIES: '10.0.0.0/33' },
      { TRUSTED_PROXIES: '10.0.0.0/8/8' },
      { AUTH_SECRET: 'too short' },
      { DEV_MAILBOX: 'maybe' },
      { BEARER_MODE: 'cached' },
      { ADMIN_EMAILS: 'admin@example.test, not-an-address' },
    ]) {
      expect(() => readExampleSettings(env), JSON.stringify(env)).toThrow(ExampleSettingsError);
    }
  });

  it('reads ADMIN_EMAILS as a lower-cased comma list; none by default', () => {
    expect(readExampleSettings({}).adminEmails).toEqual([]);
    expect(
      readExampleSettings({ ADMIN_EMAILS: ' Ops@Example.test , root@example.test' }).adminEmails,
    ).toEqual(['ops@example.test', 'root@example.test']);
  });

  it('reads BEARER_MODE', () => {
    expect(readExampleSettings({ BEARER_MODE: 'stateless' }).bearerMode).toBe('stateless');
    expect(readExampleSettings({ BEARER_MODE: ' strict ' }).bearerMode).toBe('strict');
  });

  it('parses TRUSTED_PROXIES as a comma list of IPv4/IPv6 addresses and CIDR ranges', () => {
    const settings = readExampleSettings({ TRUSTED_PROXIES: ' 10.0.0.1 ,::1,, 172.16.0.0/12' });
    expect(settings.trustedProxies).toEqual(['10.0.0.1', '::1', '172.16.0.0/12']);
  });

  it('refuses a proxy entry that @portcullis/http would refuse at start-up', () => {
    // An IPv4-mapped range with a prefix shorter than the mapping (96 bits) names no IPv4
    // range; and leading zeros could read as octal elsewhere.
    for (const entry of ['::ffff:10.0.0.0/8', '010.0.0.1', '10.0.0.1/08x']) {
      expect(() => readExampleSettings({ TRUSTED_PROXIES: entry }), entry).toThrow(
        /TRUSTED_PROXIES/,
      );
    }
    expect(readExampleSettings({ TRUSTED_PROXIES: '::ffff:10.0.0.0/104' }).trustedProxies).toEqual([
      '::ffff:10.0.0.0/104',
    ]);
  });

  it('reads DEV_MAILBOX like the other switches (trimmed, on/off words)', () => {
    expect(readExampleSettings({ DEV_MAILBOX: ' Off ' }).devMailbox).toBe(false);
    expect(
      readExampleSettings({ APP_ORIGIN: 'https://staging.example', DEV_MAILBOX: 'on' }).devMailbox,
    ).toBe(true);
    expect(readExampleSettings({ DEV_MAILBOX: ' ' }).devMailbox).toBe(true);
  });

  it('generates one random secret per process in development', () => {
    const first = readExampleSettings({});
    const second = readExampleSettings({});
    expect(first.secretSource).toBe('generated');
    expect(Buffer.byteLength(first.secret)).toBeGreaterThanOrEqual(32);
    expect(second.secret).toBe(first.secret);
  });

  it('mounts the dev mailbox by default only for a loopback APP_ORIGIN (NODE_ENV forgotten on a server)', () => {
    // A public origin means a deployment: reset links there must not be one GET away.
    const deployed = readExampleSettings({
      APP_ORIGIN: 'https://app.example',
      AUTH_SECRET: SECRET,
    });
    expect(deployed.devMailbox).toBe(false);
    expect(readExampleSettings({ APP_ORIGIN: 'http://app.example:8080' }).devMailbox).toBe(false);
    // Asking for it outside production still works, and loopback origins keep the default.
    expect(
      readExampleSettings({ APP_ORIGIN: 'https://staging.example', DEV_MAILBOX: 'true' })
        .devMailbox,
    ).toBe(true);
    expect(readExampleSettings({ APP_ORIGIN: 'http://127.0.0.1:5173' }).devMailbox).toBe(true);
    expect(readExampleSettings({ APP_ORIGIN: 'https://localhost:8443' }).devMailbox).toBe(true);
  });

  it('refuses to start in production without AUTH_SECRET or APP_ORIGIN, and never mounts the dev mailbox there', () => {
    expect(() => readExampleSettings({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET/);
    const production = readExampleSettings({
      NODE_ENV: 'production',
      AUTH_SECRET: SECRET,
      APP_ORIGIN: 'https://app.example',
    });
    expect(production.devMailbox).toBe(false);
    expect(() =>
      readExampleSettings({
        NODE_ENV: 'production',
        AUTH_SECRET: SECRET,
        APP_ORIGIN: 'https://app.example',
        DEV_MAILBOX: 'true',
      }),
    ).toThrow(/DEV_MAILBOX/);
    // A localhost default would give non-Secure cookies and mail links nobody can open.
    expect(() => readExampleSettings({ NODE_ENV: 'production', AUTH_SECRET: SECRET })).toThrow(
      /APP_ORIGIN is required/,
    );
    expect(readExampleSettings({ DEV_MAILBOX: 'false' }).devMailbox).toBe(false);
  });

  it('rate-limits by default, in memory unless REDIS_URL names a Redis server', () => {
    expect(readExampleSettings({})).toMatchObject({ rateLimits: true, redisUrl: null });
    expect(readExampleSettings({ RATE_LIMITS: 'off' }).rateLimits).toBe(false);
    expect(readExampleSettings({ RATE_LIMITS: 'ON' }).rateLimits).toBe(true);
    expect(readExampleSettings({ REDIS_URL: ' redis://cache:6380/2 ' }).redisUrl).toBe(
      'redis://cache:6380/2',
    );
    expect(readExampleSettings({ REDIS_URL: '  ' }).redisUrl).toBeNull();
  });

  it('refuses RATE_LIMITS=off in production, and malformed switches or Redis URLs without echoing them', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_SECRET: SECRET,
      APP_ORIGIN: 'https://app.example',
    };
    expect(() => readExampleSettings({ ...production, RATE_LIMITS: 'off' })).toThrow(
      /RATE_LIMITS cannot be off/,
    );
    expect(readExampleSettings(production).rateLimits).toBe(true);
    expect(() => readExampleSettings({ RATE_LIMITS: 'sometimes' })).toThrow(ExampleSettingsError);
    for (const url of [
      'http://:hunter2@cache:6379',
      'cache:6379',
      'redis://:hunter2@',
      'hunter2 not a url',
    ]) {
      let message = '';
      try {
        readExampleSettings({ REDIS_URL: url });
      } catch (error) {
        if (!(error instanceof ExampleSettingsError)) throw error;
        message = error.message;
      }
      expect(message, url).toMatch(/^REDIS_URL must be/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('reads FLOWS_OFF as a list of flows and refuses unknown names', () => {
    const settings = readExampleSettings({
      AUTH_SECRET: SECRET,
      FLOWS_OFF: ' signUp, magicLinks ,signUp',
    });
    expect(settings.flowsOff).toEqual(['signUp', 'magicLinks']);
    expect(() => readExampleSettings({ AUTH_SECRET: SECRET, FLOWS_OFF: 'signup' })).toThrow(
      ExampleSettingsError,
    );
  });

  it('reads INTROSPECTION_CLIENT as id:secret and refuses a short secret without echoing it', () => {
    const secret = 'x'.repeat(32);
    expect(
      readExampleSettings({ AUTH_SECRET: SECRET, INTROSPECTION_CLIENT: `rs:${secret}` })
        .introspectionClient,
    ).toEqual({ id: 'rs', secret });
    expect(readExampleSettings({ AUTH_SECRET: SECRET }).introspectionClient).toBeNull();
    for (const value of ['rs:short-secret', ':'.concat(secret), 'no-colon']) {
      let message = '';
      try {
        readExampleSettings({ AUTH_SECRET: SECRET, INTROSPECTION_CLIENT: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^INTROSPECTION_CLIENT must be/);
      expect(message).not.toContain('short-secret');
    }
  });
});
