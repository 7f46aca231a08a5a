import type { DepsFor } from '../deps.ts';
import { randomId, randomToken, sha256Hex } from '../primitives/index.ts';

/**
 * Records that a user passed the first factor and now owes a second. The challenge is a
 * 256-bit single-use token (stored as SHA-256, lifetime `mfa.challengeTtl`); a newer
 * sign-in replaces an older pending challenge. Second-factor verification consumes it
 * with `verificationTokens.consumeByHash('mfa_challenge', …)` before creating the session.
 */
export async function issueMfaChallenge(
  deps: DepsFor<'config' | 'clock' | 'random', 'verificationTokens'>,
  userId: string,
): Promise<{ challengeToken: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const challengeToken = randomToken(deps.random, 256);
  const expiresAt = new Date(now.getTime() + deps.config.mfa.challengeTtl * 1000);
  await deps.repos.verificationTokens.replace({
    id: randomId(deps.random),
    userId,
    purpose: 'mfa_challenge',
    kind: 'link',
    secretHash: await sha256Hex(challengeToken),
    email: null,
    createdAt: now,
    expiresAt,
    attempts: 0,
    consumedAt: null,
  });
  return { challengeToken, expiresAt };
}
