import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHonoExample } from '../src/server.ts';
import { browserTest, browserTestTimeout, launchChromium } from './browser-harness.ts';

// "Sign in with …" on the demo page, in Chromium, against the local test provider the
// example starts (a real OpenID Connect provider on 127.0.0.1): the browser leaves for the
// provider's login page and comes back to the demo page, which finishes the sign-in.

let app: { url: string; close(): Promise<void> };
let browser: Promise<Browser> | undefined;
const getBrowser = () => {
  browser ??= launchChromium();
  return browser;
};

beforeAll(async () => {
  app = await startHonoExample({
    port: 0,
    env: { NODE_ENV: 'test', DEV_OIDC: 'on', AUTH_SECRET: randomBytes(32).toString('base64url') },
  });
}, browserTestTimeout);

afterAll(async () => {
  await app?.close();
  await browser?.then((launched) => launched.close()).catch(() => {});
});

describe('the demo page: sign in with the local test provider', () => {
  browserTest(
    'leaves for the provider, comes back signed in; its only identity cannot be unlinked',
    getBrowser,
    async ({ page }) => {
      const email = `oidc-${randomUUID()}@example.com`;
      await page.goto(app.url);
      await page.locator('[data-testid="oauth-sign-in-dev"]').click();
      // The provider's development login page: any login, any password.
      await page.locator('input[name="login"]').fill(email);
      await page.locator('input[name="password"]').fill('anything');
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(`${app.url}/`);
      await page.locator('[data-testid="oauth-result"][data-state="ok"]').waitFor();
      expect(await page.locator('[data-testid="oauth-summary"]').textContent()).toContain(
        'a new account was made',
      );
      expect(await page.locator('[data-testid="whoami"]').textContent()).toBe(email);
      // The code left the address bar before it was used.
      expect(page.url()).toBe(`${app.url}/`);

      await page.locator('[data-testid="oauth-accounts-load"]').click();
      await page.locator('[data-testid="oauth-account"]').waitFor();
      expect(await page.locator('[data-testid="oauth-account"]').count()).toBe(1);
      // The only way this account signs in: unlinking it is refused.
      await page.locator('[data-testid="oauth-account"] button').click();
      await page.locator('[data-testid="oauth-result"][data-state="error"]').waitFor();
      expect(await page.locator('[data-testid="oauth-summary"]').textContent()).toContain(
        'last_sign_in_method',
      );
    },
  );
});
