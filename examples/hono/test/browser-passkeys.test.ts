import { randomBytes } from 'node:crypto';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHonoExample } from '../src/server.ts';
import { browserTest, browserTestTimeout, launchChromium } from './browser-harness.ts';
import {
  byTestId,
  demoSteps,
  enrolTotp,
  expectError,
  expectOk,
  meStatus,
  newEmail,
  password,
} from './demo-steps.ts';

// Passkeys on the demo page, in Chromium, with the DevTools virtual authenticator standing in
// for a platform authenticator (a laptop's or phone's, with a PIN or biometrics): the real
// WebAuthn ceremonies of the browser and @simplewebauthn/browser, against the real server
// on http://localhost (the rpId, and a secure context without TLS).

let app: { url: string; close(): Promise<void> };
let browser: Promise<Browser> | undefined;
const getBrowser = () => {
  browser ??= launchChromium();
  return browser;
};
const { signUpAndVerify, signIn } = demoSteps(() => app.url);

beforeAll(async () => {
  app = await startHonoExample({
    port: 0,
    env: { NODE_ENV: 'test', AUTH_SECRET: randomBytes(32).toString('base64url') },
  });
}, browserTestTimeout);

afterAll(async () => {
  await app?.close();
  await browser?.then((launched) => launched.close()).catch(() => {});
});

/** A virtual platform authenticator in `page` that holds discoverable credentials and verifies its user. */
async function addPlatformAuthenticator(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

async function signOut(page: Page) {
  await byTestId(page, 'signout-submit').click();
  await expectOk(page, 'signout-result');
  expect(await meStatus(page)).toBe(401);
}

/** The password step of a two-factor sign-in: the page then asks for the second factor. */
async function passwordFirst(page: Page, email: string) {
  await byTestId(page, 'signin-email').fill(email);
  await byTestId(page, 'signin-password').fill(password);
  await byTestId(page, 'signin-submit').click();
  expect(await expectOk(page, 'signin-result')).toContain('second factor');
  expect(await byTestId(page, 'mfa-signin-form').isVisible()).toBe(true);
  // The password alone gave the browser nothing.
  expect(await meStatus(page)).toBe(401);
}

const sessionAal = (page: Page) =>
  page.evaluate(async () => {
    const me = (await (await fetch('/auth/me')).json()) as { session: { aal: string } };
    return me.session.aal;
  });

describe('the demo page: passkeys in Chromium', () => {
  browserTest(
    'registers a passkey, signs in with it alone (aal2), uses it as the second factor and to step up, renames and removes it',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);
      const authenticator = await addPlatformAuthenticator(page);

      // Two-factor sign-in on; the enrolling session predates the factor, so it steps up
      // (with a backup code) before it may add a lasting credential.
      const { code, backupCodes } = await enrolTotp(page);
      await byTestId(page, 'mfa-change-method').selectOption('backup_code');
      await byTestId(page, 'mfa-change-code').fill(backupCodes[0] ?? '');
      await byTestId(page, 'mfa-step-up').click();
      await expect.poll(() => byTestId(page, 'mfa-result').textContent()).toContain('Stepped up');

      await byTestId(page, 'passkey-name').fill('Test laptop');
      await byTestId(page, 'passkey-add').click();
      expect(await expectOk(page, 'passkey-result')).toContain('201 Passkey added: Test laptop');
      await expect.poll(() => byTestId(page, 'passkey').count()).toBe(1);
      const label = byTestId(page, 'passkey-label');
      expect(await label.textContent()).toMatch(
        /^Test laptop · this device only · internal · added .+ · last used never$/,
      );
      // The authenticator made one discoverable credential for this site and this account.
      const [made, ...others] = await authenticator.credentials();
      expect(others).toEqual([]);
      expect(made?.rpId).toBe('localhost');
      expect(made?.isResidentCredential).toBe(true);
      expect(made?.userName).toBe(email);
      const registeredCount = made?.signCount ?? Number.NaN;

      // Usernameless: no address typed; the passkey says whose it is, and with user
      // verification it counts as two factors.
      await signOut(page);
      expect(await byTestId(page, 'passkeys-list').textContent()).toBe('');
      await byTestId(page, 'passkey-signin').click();
      expect(await expectOk(page, 'signin-result')).toContain('Signed in with a passkey (aal2)');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
      expect(await sessionAal(page)).toBe('aal2');
      const [afterSignIn] = await authenticator.credentials();
      expect(afterSignIn?.signCount).toBeGreaterThan(registeredCount);

      // Password first: the prompt offers the passkey beside the codes.
      await signOut(page);
      await passwordFirst(page, email);
      await byTestId(page, 'mfa-signin-passkey').click();
      expect(await expectOk(page, 'mfa-signin-result')).toContain('two factors');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
      expect(await sessionAal(page)).toBe('aal2');
      expect(await byTestId(page, 'mfa-signin-form').isHidden()).toBe(true);
      const [afterSecondFactor] = await authenticator.credentials();
      expect(afterSecondFactor?.signCount).toBeGreaterThan(afterSignIn?.signCount ?? Infinity);

      // Step up with the passkey instead of a code.
      await byTestId(page, 'mfa-step-up-passkey').click();
      await expect.poll(() => byTestId(page, 'mfa-result').textContent()).toContain('Stepped up');
      const [afterStepUp] = await authenticator.credentials();
      expect(afterStepUp?.signCount).toBeGreaterThan(afterSecondFactor?.signCount ?? Infinity);

      await byTestId(page, 'passkeys-load').click();
      await expect.poll(() => label.textContent()).not.toContain('last used never');
      await byTestId(page, 'passkey-new-name').fill('Work laptop');
      await byTestId(page, 'passkey-rename').click();
      await expect.poll(() => byTestId(page, 'passkey-result').textContent()).toContain('renamed');
      await expect.poll(() => label.textContent()).toMatch(/^Work laptop · /);

      // The password remains, so this is not the last way in: removal is allowed.
      await byTestId(page, 'passkey-remove').click();
      await expect.poll(() => byTestId(page, 'passkey-result').textContent()).toContain('removed');
      await expect.poll(() => byTestId(page, 'passkey').count()).toBe(0);

      // The authenticator still holds the credential, but the account no longer knows it.
      await signOut(page);
      await byTestId(page, 'passkey-signin').click();
      await expectError(page, 'signin-result');
      expect(await meStatus(page)).toBe(401);
      expect(await byTestId(page, 'whoami').textContent()).toBe('nobody');
      // Without a passkey the prompt offers codes only; the app's code finishes.
      await passwordFirst(page, email);
      expect(await byTestId(page, 'mfa-signin-passkey').isHidden()).toBe(true);
      await byTestId(page, 'mfa-signin-code').fill(code(1));
      await byTestId(page, 'mfa-signin-submit').click();
      expect(await expectOk(page, 'mfa-signin-result')).toContain('two factors');
      expect(await meStatus(page)).toBe(200);
    },
    // Five sign-ins and five WebAuthn ceremonies: twice an ordinary browser test's allowance.
    2 * browserTestTimeout,
  );
});
