import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startHonoExample } from '../src/server.ts';
import {
  browserTest,
  browserTestTimeout,
  launchChromium,
  saveScreenshot,
} from './browser-harness.ts';
import {
  byTestId,
  demoSteps,
  enrolTotp,
  expectError,
  expectOk,
  meStatus,
  newEmail,
  password,
  readNewestMail,
} from './demo-steps.ts';

// The demo page driven by a real Chromium against the real Hono example: what a person
// does by hand, end to end, including the browser's own cookie and Origin behaviour.

let app: { url: string; close(): Promise<void> };
// Launched by the first test that needs it; when Chromium is missing, every test fails
// with the launcher's message (a failure, never a skip).
let browser: Promise<Browser> | undefined;
const getBrowser = () => {
  browser ??= launchChromium();
  return browser;
};

beforeAll(async () => {
  app = await startHonoExample({
    port: 0,
    // Every test signs up from 127.0.0.1, together past the 10 sign-ups an hour one address
    // may make (as in the HTTP suite); the limits have tests of their own.
    env: {
      NODE_ENV: 'test',
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      RATE_LIMITS: 'off',
    },
  });
}, browserTestTimeout);

afterAll(async () => {
  await app?.close();
  await browser?.then((launched) => launched.close()).catch(() => {});
});
const { signUpAndVerify, signIn } = demoSteps(() => app.url);

describe('demo page in Chromium', () => {
  browserTest(
    'signs up, verifies, signs in, lists the session and signs out',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);

      await byTestId(page, 'me-load').click();
      expect(await expectOk(page, 'me-result')).toContain(email);

      await byTestId(page, 'sessions-load').click();
      await expectOk(page, 'sessions-result');
      const sessions = byTestId(page, 'session');
      expect(await sessions.count()).toBe(1);
      expect(await sessions.first().getAttribute('data-current')).toBe('true');

      await byTestId(page, 'signout-submit').click();
      expect(await expectOk(page, 'signout-result')).toContain('204');
      expect(await byTestId(page, 'whoami').textContent()).toBe('nobody');
      // What the page showed about the signed-in user is gone with the session.
      for (const stale of ['me-result', 'sessions-result', 'sessions-list', 'signin-result']) {
        expect(await byTestId(page, stale).textContent(), stale).toBe('');
      }

      expect(await meStatus(page)).toBe(401);
      await byTestId(page, 'me-load').click();
      expect(await expectError(page, 'me-result')).toContain('401 unauthenticated');

      // The styles are a constructed stylesheet, which the page's strict CSP allows.
      expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('736px');
    },
  );

  browserTest(
    'looks right at desktop and phone widths: screenshots, no sideways scrolling, a favicon',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await page.setViewportSize({ width: 1280, height: 900 });
      await signUpAndVerify(page, email);
      await signIn(page, email);
      expect(await byTestId(page, 'signin-password').inputValue()).toBe('');
      await byTestId(page, 'me-load').click();
      await expectOk(page, 'me-result');
      await byTestId(page, 'sessions-load').click();
      await expectOk(page, 'sessions-result');
      expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(
        /^data:image\/svg/,
      );

      for (const [name, width, height] of [
        ['demo-desktop', 1280, 900],
        ['demo-mobile', 390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        // Long JSON (tokens, ids, user agents) wraps instead of widening the page.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, name).toBeLessThanOrEqual(0);
        console.log(`screenshot: ${await saveScreenshot(page, name)}`);
      }
      // What a phone shows at a time: the top of the page, and the sessions section.
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'demo-mobile-top', false);
      await byTestId(page, 'sessions-load').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'demo-mobile-sessions', false);
    },
  );

  browserTest(
    'downloads my data, then deletes my account from the mailed link',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        byTestId(page, 'data-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe('account-export.json');
      const exported = JSON.parse(
        await new Response((await download.createReadStream()) as unknown as ReadableStream).text(),
      ) as { modules: { portcullis: { account: { email: string } } }; errors: unknown[] };
      expect(exported.modules.portcullis.account.email).toBe(email);
      expect(exported.errors).toEqual([]);
      expect(await expectOk(page, 'data-result')).toContain('dev-mailbox, portcullis');

      await byTestId(page, 'account-delete').click();
      // The region already shows the download's success: wait for this answer's text.
      await expect.poll(() => byTestId(page, 'data-result').textContent()).toContain('202');
      const link = await readNewestMail(page, email, 'mail-link');
      expect(link).toContain('#delete-account=');
      // Opening the link only fills the form: deleting takes the explicit click.
      await page.goto(link);
      await expect.poll(() => byTestId(page, 'delete-token').inputValue()).not.toBe('');
      expect(await meStatus(page)).toBe(200);
      await byTestId(page, 'delete-confirm').click();
      expect(await expectOk(page, 'delete-result')).toContain('deleted');
      expect(await byTestId(page, 'whoami').textContent()).toBe('nobody');
      expect(await meStatus(page)).toBe(401);
    },
  );

  browserTest('shows API errors on the page', getBrowser, async ({ page }) => {
    const email = newEmail();
    // A password from the common-password list is refused with its own reason.
    await page.goto(app.url);
    await byTestId(page, 'signup-email').fill(email);
    await byTestId(page, 'signup-password').fill('Password123');
    await byTestId(page, 'signup-submit').click();
    expect(await expectError(page, 'signup-result')).toContain(
      '400 password_too_common: This password is too common.',
    );
    await signUpAndVerify(page, email);
    await byTestId(page, 'signin-email').fill(email);
    await byTestId(page, 'signin-password').fill('not the password at all');
    await byTestId(page, 'signin-submit').click();
    expect(await expectError(page, 'signin-result')).toContain('401 invalid_credentials');
    expect(await byTestId(page, 'whoami').textContent()).toBe('nobody');

    // A wrong verification code is a 400 with the core's reason as the code.
    await byTestId(page, 'verify-code').fill('000000');
    await byTestId(page, 'verify-submit').click();
    expect(await expectError(page, 'verify-result')).toContain('400');
  });

  browserTest(
    'revokes a session from the list and signs out the other sessions',
    getBrowser,
    async ({ page, newPage }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);
      const laptop = await newPage();
      await signIn(laptop, email);
      const phone = await newPage();
      await signIn(phone, email);

      await byTestId(page, 'sessions-load').click();
      await expectOk(page, 'sessions-result');
      await expect.poll(() => byTestId(page, 'session').count()).toBe(3);

      // Revoke the laptop's session with its own button.
      const laptopSessionId = await laptop.evaluate(async () => {
        const response = await fetch('/auth/me', { credentials: 'same-origin' });
        return ((await response.json()) as { session: { id: string } }).session.id;
      });
      await page
        .locator(`[data-testid="session"][data-session-id="${laptopSessionId}"]`)
        .locator('[data-testid="session-revoke"]')
        .click();
      await expect.poll(() => byTestId(page, 'session').count()).toBe(2);
      expect(await meStatus(laptop)).toBe(401);
      expect(await meStatus(phone)).toBe(200);

      await byTestId(page, 'sessions-revoke-others').click();
      await expect.poll(() => byTestId(page, 'session').count()).toBe(1);
      expect(await meStatus(phone)).toBe(401);
      expect(await meStatus(page)).toBe(200);
    },
  );

  browserTest(
    'changes the password, then resets a forgotten one from the mailbox',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);

      const changed = 'a brand new passphrase';
      await byTestId(page, 'change-current').fill(password);
      await byTestId(page, 'change-new').fill(changed);
      await byTestId(page, 'change-submit').click();
      await expectOk(page, 'change-result');
      await byTestId(page, 'signout-submit').click();
      await expectOk(page, 'signout-result');
      await signIn(page, email, changed);
      await byTestId(page, 'signout-submit').click();
      await expectOk(page, 'signout-result');

      await byTestId(page, 'forgot-email').fill(email);
      await byTestId(page, 'forgot-submit').click();
      expect(await expectOk(page, 'forgot-result')).toContain('202');
      const resetLink = await readNewestMail(page, email, 'mail-link');
      // The mailed link lands on the demo page with the reset form already filled in.
      await page.goto(new URL(resetLink, app.url).toString());
      expect(await byTestId(page, 'reset-token').inputValue()).not.toBe('');
      const reset = 'reset after forgetting it';
      await byTestId(page, 'reset-password').fill(reset);
      await byTestId(page, 'reset-submit').click();
      await expectOk(page, 'reset-result');

      // The password field is emptied once the request is sent.
      expect(await byTestId(page, 'reset-password').inputValue()).toBe('');

      // The same link a second time is refused, visibly.
      await byTestId(page, 'reset-password').fill(reset);
      await byTestId(page, 'reset-submit').click();
      await expectError(page, 'reset-result');

      await signIn(page, email, reset);
    },
  );

  browserTest(
    'signs in with a magic link from the dev mailbox, once, and with an emailed code',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await byTestId(page, 'magic-email').fill(email);
      await byTestId(page, 'magic-submit').click();
      expect(await expectOk(page, 'magic-result')).toContain('202');
      const link = await readNewestMail(page, email, 'mail-link');
      expect(new URL(link).hash).toMatch(/^#magic-link=/);

      // Following the link signs this browser in, and the token leaves the address bar.
      await page.goto(link);
      // The request's 202 is shown in the same output: wait for the sign-in's own answer.
      await expect.poll(() => byTestId(page, 'magic-result').textContent()).toContain('Signed in');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
      expect(new URL(page.url()).hash).toBe('');
      expect(await meStatus(page)).toBe(200);

      // The same link again, after signing out, is refused and signs nobody in.
      await byTestId(page, 'signout-submit').click();
      await expectOk(page, 'signout-result');
      await page.goto(link);
      expect(await expectError(page, 'magic-result')).toContain('400 invalid');
      expect(await meStatus(page)).toBe(401);

      // A code read from the mailbox, typed on the page.
      await byTestId(page, 'code-email').fill(email);
      await byTestId(page, 'code-request').click();
      expect(await expectOk(page, 'code-result')).toContain('202');
      const code = await readNewestMail(page, email, 'mail-code');
      expect(code).toMatch(/^\d{6}$/);
      await byTestId(page, 'code-value').fill(code);
      await byTestId(page, 'code-submit').click();
      await expect.poll(() => byTestId(page, 'code-result').textContent()).toContain('Signed in');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
    },
  );

  browserTest(
    'refuses a cookie-carrying request from another origin of the same site',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);

      // http://localhost:<other port> is the same site as the app (ports do not separate
      // cookies, and SameSite=Lax lets them through), so only the Origin check stops it.
      const attacker = await startAttackerPage();
      try {
        const attackPage = await page.context().newPage();
        await attackPage.goto(attacker.url);
        const [response] = await Promise.all([
          attackPage.waitForResponse((r) => r.url() === `${app.url}/auth/sign-out`),
          attackPage.evaluate(async (target) => {
            await fetch(target, { method: 'POST', credentials: 'include', mode: 'no-cors' });
          }, `${app.url}/auth/sign-out`),
        ]);
        // Without the cookie the answer would be 401 unauthenticated, and the opaque body
        // cannot be read: this 403 means the browser did send the session, and the Origin
        // check refused it (csrf_rejected).
        expect(response.status()).toBe(403);

        // Login CSRF: a foreign page must not sign the browser in (as the attacker) either.
        // Without CORS it can only send a "simple" body (text/plain), which is refused before
        // the Origin check even runs; either way no session cookie comes back.
        const [signIn] = await Promise.all([
          attackPage.waitForResponse((r) => r.url() === `${app.url}/auth/sign-in`),
          attackPage.evaluate(
            async ({ target, body }) => {
              await fetch(target, { method: 'POST', mode: 'no-cors', body });
            },
            { target: `${app.url}/auth/sign-in`, body: JSON.stringify({ email, password }) },
          ),
        ]);
        expect([403, 415]).toContain(signIn.status());
        expect((await signIn.allHeaders())['set-cookie']).toBeUndefined();
      } finally {
        await attacker.close();
      }
      expect(await meStatus(page)).toBe(200);
    },
  );

  browserTest(
    'enrols TOTP from the QR code, signs out, signs in with password and TOTP, then with a magic link and a backup code',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);
      // The second-factor prompt shows only while a sign-in owes one.
      expect(await byTestId(page, 'mfa-signin-form').isHidden()).toBe(true);

      const { code, backupCodes } = await enrolTotp(page);
      const [backupCode = '', stepUpCode = ''] = backupCodes;
      await byTestId(page, 'mfa-status').click();
      await expect
        .poll(() => byTestId(page, 'mfa-result').textContent())
        .toContain('TOTP enabled, 10');
      // The enrolling session predates the factor: step up with a backup code, in place.
      await byTestId(page, 'mfa-change-method').selectOption('backup_code');
      await byTestId(page, 'mfa-change-code').fill(stepUpCode);
      await byTestId(page, 'mfa-step-up').click();
      await expect.poll(() => byTestId(page, 'mfa-result').textContent()).toContain('Stepped up');
      await byTestId(page, 'me-load').click();
      expect(await expectOk(page, 'me-result')).toContain('aal2');

      await byTestId(page, 'signout-submit').click();
      await expectOk(page, 'signout-result');
      await byTestId(page, 'signin-email').fill(email);
      await byTestId(page, 'signin-password').fill(password);
      await byTestId(page, 'signin-submit').click();
      expect(await expectOk(page, 'signin-result')).toContain('second factor');
      expect(await byTestId(page, 'mfa-signin-form').isVisible()).toBe(true);
      // The password alone gave the browser nothing.
      expect(await meStatus(page)).toBe(401);
      expect(await byTestId(page, 'whoami').textContent()).toBe('nobody');

      await byTestId(page, 'mfa-signin-code').fill(code(1));
      await byTestId(page, 'mfa-signin-submit').click();
      expect(await expectOk(page, 'mfa-signin-result')).toContain('two factors');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
      expect(await byTestId(page, 'mfa-signin-form').isHidden()).toBe(true);
      expect(await meStatus(page)).toBe(200);
      await byTestId(page, 'me-load').click();
      expect(await expectOk(page, 'me-result')).toContain('aal2');

      // A magic link from the dev mailbox is the first factor only: the second is still owed.
      await byTestId(page, 'signout-submit').click();
      await expectOk(page, 'signout-result');
      await byTestId(page, 'magic-email').fill(email);
      await byTestId(page, 'magic-submit').click();
      await expectOk(page, 'magic-result');
      await page.goto(await readNewestMail(page, email, 'mail-link'));
      await expect
        .poll(() => byTestId(page, 'magic-result').textContent())
        .toContain('second factor');
      expect(await meStatus(page)).toBe(401);
      await byTestId(page, 'mfa-signin-method').selectOption('backup_code');
      await byTestId(page, 'mfa-signin-code').fill(backupCode);
      await byTestId(page, 'mfa-signin-submit').click();
      await expect
        .poll(() => byTestId(page, 'mfa-signin-result').textContent())
        .toContain('two factors');
      await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
      expect(await meStatus(page)).toBe(200);
    },
  );

  browserTest(
    'creates an API key, calls /api/reports with it alone, rotates and revokes it',
    getBrowser,
    async ({ page }) => {
      const email = newEmail();
      await signUpAndVerify(page, email);
      await signIn(page, email);

      const result = () => byTestId(page, 'apikey-result').textContent();
      await byTestId(page, 'apikey-name').fill('demo script');
      await byTestId(page, 'apikey-create').click();
      await expect.poll(result).toContain('201 Key created');
      expect(await result()).toMatch(/pcl_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/);
      await expect.poll(() => byTestId(page, 'apikey').count()).toBe(1);

      await byTestId(page, 'apikey-try').click();
      await expect.poll(result).toContain('200 Called as the key');
      expect(await result()).toContain('"via": "api_key"');

      await byTestId(page, 'apikey-rotate').click();
      await expect.poll(result).toContain('shown once');
      await expect.poll(() => byTestId(page, 'apikey').count()).toBe(2);
      await byTestId(page, 'apikey-try').click();
      await expect.poll(result).toContain('200 Called as the key');

      // The newest key is listed first; revoking it makes the next call fail.
      await byTestId(page, 'apikey-revoke').first().click();
      await expect.poll(result).toContain('204 Key revoked');
      await byTestId(page, 'apikey-try').click();
      await expect.poll(result).toContain('401 invalid_api_key');
    },
  );

  browserTest(
    'creates an organization, invites by mail, the invitee accepts signed in, ownership moves',
    getBrowser,
    async ({ page, newPage }) => {
      const result = () => byTestId(page, 'org-result').textContent();
      const ownerEmail = newEmail();
      await signUpAndVerify(page, ownerEmail);
      // The header lists the flows the server offers (all on in this example).
      await expect.poll(() => byTestId(page, 'flows').textContent()).toContain('signUp on');
      await signIn(page, ownerEmail);
      await byTestId(page, 'org-name').fill('Demo Org');
      await byTestId(page, 'org-create').click();
      await expect.poll(result).toContain('201 Organization created');
      const organizationId = await byTestId(page, 'invite-org').inputValue();
      expect(organizationId).not.toBe('');

      // The invitee uses a browser of their own (another cookie jar).
      const invitee = await newPage();
      const inviteeEmail = newEmail();
      await signUpAndVerify(invitee, inviteeEmail);
      await signIn(invitee, inviteeEmail);

      await byTestId(page, 'invite-email').fill(inviteeEmail);
      await byTestId(page, 'invite-submit').click();
      await expect.poll(result).toContain('201 Invitation sent');

      const link = await readNewestMail(invitee, inviteeEmail, 'mail-link');
      await invitee.goto(link);
      await expect.poll(() => byTestId(invitee, 'accept-token').inputValue()).not.toBe('');
      await byTestId(invitee, 'accept-submit').click();
      await expect
        .poll(() => byTestId(invitee, 'org-result').textContent())
        .toContain('200 Invitation accepted');
      const me = await invitee.evaluate(
        async () => (await (await fetch('/auth/me')).json()) as { user: { id: string } },
      );

      await byTestId(page, 'transfer-to').fill(me.user.id);
      await byTestId(page, 'transfer-submit').click();
      await expect.poll(result).toContain('204 Ownership transferred');
      await byTestId(page, 'orgs-load').click();
      await expect.poll(() => byTestId(page, 'orgs-list').textContent()).toContain('you are admin');
    },
  );
});

/** A blank page on another port of localhost: the attacker's origin. */
async function startAttackerPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>x</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://localhost:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
