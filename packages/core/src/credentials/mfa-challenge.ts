import type { VerificationPurpose, VerificationTokenRecord } from '../repos.ts';
import type { IssueSecretDeps } from './issue-secret.ts';
import { issueSecret } from './issue-secret.ts';

/**
 * The first factor that issued an MFA challenge: a passkey's challenge (a sign-in without
 * user verification) cannot be completed with a passkey, since a second passkey of the
 * same user is the same kind of factor; every other first factor's can.
 */
export type MfaChallengeOrigin = 'passkey' | 'other';

/** The verification purposes an MFA challenge is stored under, one per origin. */
export const MFA_CHALLENGE_PURPOSES = [
  'mfa_challenge',
  'passkey_mfa_challenge',
] as const satisfies readonly VerificationPurpose[];

export type MfaChallengePurpose = (typeof MFA_CHALLENGE_PURPOSES)[number];

/** The origin of a stored challenge of `purpose`. */
export function mfaChallengeOrigin(purpose: MfaChallengePurpose): MfaChallengeOrigin {
  return purpose === 'passkey_mfa_challenge' ? 'passkey' : 'other';
}

/**
 * Records that a user passed the first factor (`origin`) and now owes a second. The
 * challenge is a 256-bit single-use token (stored as SHA-256, lifetime `mfa.challengeTtl`)
 * under the origin's purpose; a newer sign-in of the same origin replaces an older pending
 * challenge. Second-factor verification consumes it with `verificationTokens.consume`
 * before creating the session.
 */
export async function issueMfaChallenge(
  deps: IssueSecretDeps,
  userId: string,
  origin: MfaChallengeOrigin = 'other',
): Promise<{ challengeToken: string; expiresAt: Date }> {
  const { secret, expiresAt } = await issueSecret(deps, {
    userId,
    purpose: origin === 'passkey' ? 'passkey_mfa_challenge' : 'mfa_challenge',
    kind: 'link',
    email: null,
    ttl: deps.config.mfa.challengeTtl,
  });
  return { challengeToken: secret, expiresAt };
}

/**
 * Finds an MFA challenge by its hash under either purpose with `lookup` (a repository read
 * or attempt count), and says which purpose held it. The token is 256 random bits, so at
 * most one purpose can hold it.
 */
export async function findMfaChallenge(
  lookup: (purpose: MfaChallengePurpose) => Promise<VerificationTokenRecord | null>,
): Promise<{
  readonly token: VerificationTokenRecord;
  readonly purpose: MfaChallengePurpose;
} | null> {
  for (const purpose of MFA_CHALLENGE_PURPOSES) {
    const token = await lookup(purpose);
    if (token) return { token, purpose };
  }
  return null;
}
