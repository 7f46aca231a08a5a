import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { newRefreshToken } from './token.ts';

export type IssueRefreshTokenDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events',
  'refreshTokens'
>;

/** A refresh token for the client to keep; shown once, only its SHA-256 is stored. */
export interface IssuedRefreshToken {
  readonly refreshToken: string;
  readonly expiresAt: Date;
}

/** The session whose refresh-token family starts. */
export interface IssueRefreshTokenInput {
  readonly session: SessionInfo;
  readonly context?: RequestContext | undefined;
}

/**
 * Starts the refresh-token family of a session (call once, right after sign-in, in
 * bearer-token mode). The family never outlives the session nor `refreshToken.absoluteTtl`.
 * Returns `null` when the session has ended or its user was banned or deleted meanwhile
 * (checked by the repository in the same step as the insert).
 */
export async function issueRefreshToken(
  deps: IssueRefreshTokenDeps,
  input: IssueRefreshTokenInput,
): Promise<IssuedRefreshToken | null> {
  const now = deps.clock.now();
  const absolute = now.getTime() + deps.config.refreshToken.absoluteTtl * 1000;
  const familyExpiresAt = new Date(Math.min(absolute, input.session.expiresAt.getTime()));
  const { token, record } = await newRefreshToken(
    deps.random,
    deps.config,
    { sessionId: input.session.id, userId: input.session.userId, familyExpiresAt },
    now,
  );
  if (!(await deps.repos.refreshTokens.create(record))) return null;
  await deps.events.emit(
    auditEvent(
      { type: 'refresh.issued', userId: record.userId, sessionId: record.sessionId },
      now,
      input.context,
    ),
  );
  return { refreshToken: token, expiresAt: record.expiresAt };
}
