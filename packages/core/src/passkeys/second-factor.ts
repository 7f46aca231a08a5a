import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { RequestContext } from '../events/index.ts';
import { fromBase64url } from '../primitives/index.ts';
import { parseIdentifier } from '../validation.ts';
import { verifyAssertion } from './assertion.ts';
import { issueChallenge } from './challenge.ts';
import type { PasskeyAssertionDeps, PasskeyOptionsDeps } from './deps.ts';
import { parseAuthenticationResponse } from './input.ts';
import { passkeySettings, passkeysAvailable } from './settings.ts';

/**
 * Options for a passkey as the second factor of `userId`: `allowCredentials` lists that
 * user's passkeys, and the challenge is bound to the user. `null` when the user has none.
 * The caller has established who the user is (the MFA step's challenge, or a session).
 * `requireUserVerification` asks the authenticator for a PIN or biometrics whatever
 * `passkeys.userVerification` says (step-up: see `verifyPasskeySecondFactor`).
 */
export async function beginPasskeySecondFactor(
  deps: PasskeyOptionsDeps,
  input: { readonly userId: string; readonly requireUserVerification: boolean },
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const userId = parseIdentifier('userId', input.userId);
  const settings = passkeySettings(deps.config);
  const credentials = await deps.repos.passkeys.listByUser(userId);
  if (credentials.length === 0) return null;
  const challenge = await issueChallenge(deps, 'second_factor', userId);
  return generateAuthenticationOptions({
    rpID: settings.rpId,
    challenge: fromBase64url(challenge) ?? new Uint8Array(),
    timeout: settings.challengeTtl * 1000,
    userVerification: input.requireUserVerification ? 'required' : settings.userVerification,
    allowCredentials: credentials.map((c) => ({
      id: c.credentialId,
      transports: c.transports as AuthenticatorTransportFuture[],
    })),
  });
}

/**
 * The outcome of a passkey second factor: `passed`, `invalid` (the assertion did not
 * verify: a `passkey.failed` event says why) or `user_not_verified` (it verified, and its
 * challenge is spent, but the authenticator did not verify the user where that is owed).
 */
export type PasskeySecondFactorVerdict = 'passed' | 'invalid' | 'user_not_verified';

/**
 * Checks a passkey assertion as the second factor of `userId` (see `verifyAssertion`): a
 * valid signature from a credential of another user fails. With `requireUserVerification`
 * the authenticator must have verified the user (its UV flag): possession alone is then
 * not enough, because the session being raised may itself come from that same passkey.
 */
export async function verifyPasskeySecondFactor(
  deps: PasskeyAssertionDeps,
  input: {
    readonly userId: string;
    readonly response: AuthenticationResponseJSON;
    readonly requireUserVerification: boolean;
    readonly context?: RequestContext | undefined;
  },
): Promise<PasskeySecondFactorVerdict> {
  // Turned off or not configured: no assertion can be checked, so none passes.
  if (!passkeysAvailable(deps.config)) return 'invalid';
  const userId = parseIdentifier('userId', input.userId);
  const response = parseAuthenticationResponse(input.response);
  const asserted = await verifyAssertion(deps, 'second_factor', response, input.context);
  if (!asserted.ok || asserted.credential.userId !== userId) return 'invalid';
  return input.requireUserVerification && !asserted.userVerified ? 'user_not_verified' : 'passed';
}
