import type { AuthConfig } from '../config.ts';
import type { AuthDeps } from '../deps.ts';
import { auditEvent } from '../events/index.ts';
import type { RateLimitStore, Repositories } from '../repos.ts';

/**
 * What `prune` uses: the session idle lifetime (to know which sessions idled out), a clock,
 * an event sink and the repositories it prunes. Structural, so a command-line job can call it with
 * just those, without the app's secrets.
 */
export interface PruneDeps extends Pick<AuthDeps, 'clock' | 'events'> {
  readonly config: {
    readonly session: Pick<AuthConfig['session'], 'idleTtl'>;
    readonly auditLog: Pick<AuthConfig['auditLog'], 'retention'>;
  };
  readonly repos: Pick<
    Repositories,
    'sessions' | 'refreshTokens' | 'verificationTokens' | 'pendingSignUps' | 'passkeys' | 'auditLog'
  >;
}

export interface PruneInput {
  /** Also prune this store's full buckets, when it keeps them until told (memory). */
  readonly rateLimitStore?: RateLimitStore;
}

/** How many rows each repository deleted. */
export interface PruneResult {
  readonly sessions: number;
  readonly refreshTokens: number;
  readonly verificationTokens: number;
  readonly pendingSignUps: number;
  /** Passkey challenges past their expiry. */
  readonly passkeyChallenges: number;
  readonly rateLimitBuckets: number;
  /** Audit events older than `auditLog.retention`. */
  readonly auditEvents: number;
}

/**
 * Deletes what can never be presented successfully again: sessions past their absolute or
 * idle expiry, refresh tokens of families past their absolute expiry, expired verification
 * tokens (codes, links, MFA challenges), pending sign-ups that expired or were redeemed
 * (and the decoys written in their place), expired passkey challenges, full rate-limit
 * buckets, and audit events past
 * `auditLog.retention`. Nothing a client
 * could still use is touched: a rotated or revoked refresh token stays while its family
 * could be used, so replaying it is still detected and still ends the family.
 *
 * Safe to run at any time and from several processes at once (each repository deletes in
 * one statement); run it on a schedule (`portcullis-prune`, hourly is plenty).
 */
export async function prune(deps: PruneDeps, input: PruneInput = {}): Promise<PruneResult> {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.session.idleTtl * 1000);
  const result: PruneResult = {
    sessions: await deps.repos.sessions.deleteExpired(now, idleSince),
    refreshTokens: await deps.repos.refreshTokens.deleteExpired(now),
    verificationTokens: await deps.repos.verificationTokens.deleteExpired(now),
    pendingSignUps: await deps.repos.pendingSignUps.deleteExpired(now),
    passkeyChallenges: await deps.repos.passkeys.deleteExpiredChallenges(now),
    rateLimitBuckets: (await input.rateLimitStore?.deleteExpired?.(now)) ?? 0,
    auditEvents: await deps.repos.auditLog.deleteOlderThan(
      new Date(now.getTime() - deps.config.auditLog.retention * 1000),
    ),
  };
  await deps.events.emit(auditEvent({ type: 'storage.pruned', userId: null, ...result }, now));
  return result;
}
