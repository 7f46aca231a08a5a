/** TOTP codes as an authenticator app computes them (`otpauth`), and an MFA-enabled user. */
import type { TestAuth } from '@portcullis/core/testing';
import { Secret, TOTP } from 'otpauth';
import { signedInUser } from './harness.ts';

/** The six-digit code an app shows for `secret` (base32) at `at`, `offset` steps away. */
export function totpCode(secret: string, at: Date, offset = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: at.getTime() + offset * 30_000,
  });
}

/**
 * A verified user who signed in, enrolled and confirmed TOTP (at the harness's now), then
 * signed out: no session is left.
 */
export async function mfaUser(h: TestAuth) {
  const { userId, email, password, session } = await signedInUser(h);
  const user = { userId, email, password };
  const currentSessionId = session.id;
  const enrolled = await h.auth.enrolTotp({ userId: user.userId, currentSessionId });
  if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.reason}`);
  const confirmed = await h.auth.confirmTotp({
    userId: user.userId,
    code: totpCode(enrolled.secret, h.clock.now()),
    currentSessionId,
  });
  if (!confirmed.ok) throw new Error(`confirmation failed: ${confirmed.reason}`);
  await h.auth.revokeAllSessions({ userId });
  // The confirming code's step is spent: move to the next one.
  h.clock.advance(30);
  return { ...user, secret: enrolled.secret, backupCodes: confirmed.backupCodes };
}

/** Signs in with the password, expecting `mfa_required`; returns the challenge. */
export async function passwordStep(h: TestAuth, user: { email: string; password: string }) {
  const result = await h.auth.signIn({ email: user.email, password: user.password });
  if (!result.ok || result.status !== 'mfa_required') throw new Error('expected mfa_required');
  return result;
}
