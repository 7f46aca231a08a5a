/**
 * Pre-account hijacking through a passkey: an account whose address nobody has proven may
 * be a stranger's claim on it, and a passkey added then would outlive the owner's later
 * takeover. Registration options are refused (`email_unverified`),
 * and the same account may register once the address is proven.
 */
import { beginPasskeyRegistration } from '@portcullis/core/passkeys';
import { describe, expect, it } from 'vitest';
import { testAuth } from './harness.ts';
import { RP } from './passkeys-harness.ts';

describe('passkey registration for an unproven address', () => {
  it('refuses the options with email_unverified until the address is verified', async () => {
    const h = testAuth({
      configOverrides: { emailVerification: { required: false }, passkeys: RP },
    });
    const email = 'claimed@example.com';
    const password = 'correct horse battery staple';
    expect(await h.auth.signUp({ email, password })).toEqual({ ok: true });
    const signedIn = await h.auth.signIn({ email, password });
    if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
    const userId = signedIn.user.id;
    expect(
      await beginPasskeyRegistration(h.deps, { userId, currentSessionId: signedIn.session.id }),
    ).toEqual({ ok: false, reason: 'email_unverified' });

    const { code } = h.lastMail('email_verification_code');
    expect(await h.auth.verifyEmail({ email, code })).toMatchObject({ ok: true });
    // Verifying ended the earlier session; the owner signs in again and may register.
    const owner = await h.auth.signIn({ email, password });
    if (!owner.ok || owner.status !== 'signed_in') throw new Error('sign-in failed');
    expect(
      await beginPasskeyRegistration(h.deps, { userId, currentSessionId: owner.session.id }),
    ).toMatchObject({ ok: true });
  });
});
