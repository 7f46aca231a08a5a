/** MFA helpers for the HTTP suite: codes as an authenticator app computes them, an MFA user. */
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { ApiClient } from './client.ts';
import { record, text } from './client.ts';
import { COOKIE_NAME, signInWithCookie, verifiedUser } from './flows.ts';

/**
 * The code an app shows for `secret` `offset` steps from now. The server accepts ±1 step
 * and each step once, so a test uses step 0 to confirm and step +1 for one more sign-in.
 */
export function totpCode(secret: string, offset = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: Date.now() + offset * 30_000,
  });
}

/** A verified user signed in by cookie (aal1) who enrolled and confirmed TOTP. */
export async function mfaUser(api: ApiClient) {
  const { email, password } = await verifiedUser(api);
  const browser = await signInWithCookie(api, email, password);
  const enrolled = await api.post('/auth/mfa/totp', {}, { cookie: browser.cookie });
  expect(enrolled.status).toBe(200);
  const secret = text(enrolled.body, 'secret');
  const confirmed = await api.post(
    '/auth/mfa/totp/confirm',
    { code: totpCode(secret) },
    { cookie: browser.cookie },
  );
  expect(confirmed.status).toBe(200);
  const backupCodes = record(confirmed.body).backupCodes as string[];
  return { email, password, secret, backupCodes, cookie: browser.cookie, enrolled };
}

/** The password step of an MFA user's sign-in: its challenge token. */
export async function challengeFor(api: ApiClient, user: { email: string; password: string }) {
  const response = await api.post('/auth/sign-in', { email: user.email, password: user.password });
  expect(response.status).toBe(200);
  expect(record(response.body).status).toBe('mfa_required');
  // No credential of any kind before the second factor.
  expect(response.setCookies.filter((cookie) => cookie.startsWith(`${COOKIE_NAME}=`))).toEqual([]);
  return text(response.body, 'challengeToken');
}

/** Completes a sign-in with a second factor; returns the raw response. */
export function completeSignIn(
  api: ApiClient,
  challengeToken: string,
  method: 'totp' | 'backup_code',
  code: string,
  mode?: 'bearer',
) {
  return api.post('/auth/sign-in/mfa', { challengeToken, method, code, ...(mode ? { mode } : {}) });
}
