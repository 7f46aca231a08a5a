import type { DepsFor } from '../deps.ts';

export type DropUnprovenDeps = DepsFor<'clock', 'oauthAccounts' | 'apiKeys' | 'mfa'>;

/**
 * Removes the lasting credentials an account gathered before its address was proven: its
 * provider identities, its personal API keys (revoked) and any second factor. Until that
 * proof the account may have been a stranger's claim on the address (pre-account
 * hijacking), and each of these would keep the stranger a way in after the owner takes
 * the account over. Called where an unverified account is first proven: sign-up
 * activation, a magic link or emailed code, and a password reset.
 */
export async function dropUnprovenCredentials(
  deps: DropUnprovenDeps,
  userId: string,
): Promise<void> {
  const now = deps.clock.now();
  await deps.repos.oauthAccounts.deleteByUser(userId);
  const owner = { userId };
  for (const key of await deps.repos.apiKeys.listByOwner(owner)) {
    if (key.revokedAt === null) await deps.repos.apiKeys.revoke(owner, key.id, now);
  }
  await deps.repos.mfa.deleteByUser(userId);
}
