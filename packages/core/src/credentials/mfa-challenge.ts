import type { IssueSecretDeps } from './issue-secret.ts';
import { issueSecret } from './issue-secret.ts';

/**
 * Records that a user passed the first factor and now owes a second. The challenge is a
 * 256-bit single-use token (stored as SHA-256, lifetime `mfa.challengeTtl`); a newer
 * sign-in replaces an older pending challenge. Second-factor verification consumes it
 * with `verificationTokens.consume('mfa_challenge', …)` before creating the session.
 */
export async function issueMfaChallenge(
  deps: IssueSecretDeps,
  userId: string,
): Promise<{ challengeToken: string; expiresAt: Date }> {
  const { secret, expiresAt } = await issueSecret(deps, {
    userId,
    purpose: 'mfa_challenge',
    kind: 'link',
    email: null,
    ttl: deps.config.mfa.challengeTtl,
  });
  return { challengeToken: secret, expiresAt };
}
