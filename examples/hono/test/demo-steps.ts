/**
 * What a person does on the demo page, as steps the browser tests share: sign up and verify
 * from the dev mailbox, sign in, turn on TOTP from the QR code's key, and read the page's
 * answers.
 */
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const newEmail = (): string => `ada-${randomUUID()}@example.com`;
export const password = 'correct horse battery staple';
export const byTestId = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`);

/** Waits for an output region of the demo page to show a success, and returns its text. */
export async function expectOk(page: Page, testId: string): Promise<string> {
  await byTestId(page, testId).and(page.locator('[data-state="ok"]')).waitFor();
  return (await byTestId(page, testId).textContent()) ?? '';
}

export async function expectError(page: Page, testId: string): Promise<string> {
  await byTestId(page, testId).and(page.locator('[data-state="error"]')).waitFor();
  return (await byTestId(page, testId).textContent()) ?? '';
}

/** Opens the dev mailbox from the demo page's link (a new tab) and reads the newest mail. */
export async function readNewestMail(
  page: Page,
  email: string,
  testId: 'mail-code' | 'mail-link',
): Promise<string> {
  const [mailbox] = await Promise.all([
    page.context().waitForEvent('page'),
    byTestId(page, 'mailbox-link').click(),
  ]);
  await mailbox.waitForLoadState();
  const value = await mailbox
    .locator(`[data-testid="mail"][data-to="${email}"] [data-testid="${testId}"]`)
    .first()
    .textContent();
  await mailbox.close();
  expect(value?.trim()).toBeTruthy();
  return value?.trim() ?? '';
}

/** `GET /auth/me` from the page itself, with the browser's cookies. */
export const meStatus = (page: Page): Promise<number> =>
  page.evaluate(async () => (await fetch('/auth/me', { credentials: 'same-origin' })).status);

/** The steps that open the demo page: `appUrl` is read when a step runs (after `beforeAll`). */
export function demoSteps(appUrl: () => string) {
  async function signUpAndVerify(page: Page, email: string) {
    await page.goto(appUrl());
    await byTestId(page, 'signup-email').fill(email);
    await byTestId(page, 'signup-password').fill(password);
    await byTestId(page, 'signup-submit').click();
    expect(await expectOk(page, 'signup-result')).toContain('202');

    const code = await readNewestMail(page, email, 'mail-code');
    // Sign-up copied the address into the verify form.
    expect(await byTestId(page, 'verify-email').inputValue()).toBe(email);
    await byTestId(page, 'verify-code').fill(code);
    await byTestId(page, 'verify-submit').click();
    expect(await expectOk(page, 'verify-result')).toContain('verified');
  }

  async function signIn(page: Page, email: string, withPassword = password) {
    await page.goto(appUrl());
    await byTestId(page, 'signin-email').fill(email);
    await byTestId(page, 'signin-password').fill(withPassword);
    await byTestId(page, 'signin-submit').click();
    await expectOk(page, 'signin-result');
    await expect.poll(() => byTestId(page, 'whoami').textContent()).toBe(email);
  }

  return { signUpAndVerify, signIn };
}

export interface EnrolledTotp {
  /** The app's code `offset` 30-second steps from now. */
  code(offset?: number): string;
  /** The ten backup codes the page showed, in order. */
  readonly backupCodes: readonly string[];
}

/**
 * Turns on TOTP from the two-factor section, as a person would: the QR code must render, and
 * its typed-in key (what an authenticator app reads from it) yields the confirming code.
 */
export async function enrolTotp(page: Page): Promise<EnrolledTotp> {
  await byTestId(page, 'mfa-enrol').click();
  await expectOk(page, 'mfa-result');
  const qr = byTestId(page, 'mfa-qr-image');
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml,/);
  // The QR code rendered: the image decoded at its size.
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  const secret = (await byTestId(page, 'mfa-secret').textContent()) ?? '';
  const code = (offset = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offset * 30_000 });

  await byTestId(page, 'mfa-confirm-code').fill(code());
  await byTestId(page, 'mfa-confirm-submit').click();
  // The region still shows the enrolment's answer until the confirmation's arrives.
  await expect
    .poll(() => byTestId(page, 'mfa-result').textContent())
    .toContain('Two-factor authentication is on');
  await expect.poll(() => byTestId(page, 'mfa-backup-code').count()).toBe(10);
  const backupCodes = (await byTestId(page, 'mfa-backup-code').allTextContents()).map((text) =>
    text.trim(),
  );
  return { code, backupCodes };
}
