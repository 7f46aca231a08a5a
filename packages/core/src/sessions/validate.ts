import type { DepsFor } from '../deps.ts';
import { constantTimeEqual, sha256Hex } from '../primitives/index.ts';
import type { SessionRecord } from '../repos.ts';
import { requireString } from '../validation.ts';
import type { SessionInfo } from './info.ts';
import { toSessionInfo } from './info.ts';
import { sessionExpiry } from './lifetime.ts';
import { parseSessionToken } from './token.ts';

export type ValidateSessionDeps = DepsFor<'config' | 'clock', 'sessions'>;

/**
 * Why a session token was refused:
 * - `invalid`: not a token we issue, unknown, revoked or forged (alike);
 * - `expired`: past the session's absolute lifetime;
 * - `idle_timeout`: unused for longer than `session.idleTtl`.
 */
export type SessionFailureReason = 'invalid' | 'expired' | 'idle_timeout';

/** The token a client presented (cookie or header). */
export interface ValidateSessionInput {
  readonly sessionToken: string;
}

export type SessionValidation =
  | { readonly ok: true; readonly session: SessionInfo }
  | { readonly ok: false; readonly reason: SessionFailureReason };

/**
 * Checks a session token presented by a client (cookie or header) and records its use.
 * Expired sessions are ended on sight, with their refresh tokens. `lastUsedAt` is written at most once per
 * `session.touchInterval` so a busy client does not turn every request into a write.
 * Any string is a fair question (a garbled cookie is `invalid`, without a lookup); a
 * non-string throws `InputError`.
 */
export async function validateSession(
  deps: ValidateSessionDeps,
  input: ValidateSessionInput,
): Promise<SessionValidation> {
  const parsed = parseSessionToken(requireString('sessionToken', input.sessionToken));
  if (!parsed) return { ok: false, reason: 'invalid' };
  const record = await findPresentedSession(deps, parsed);
  if (!record) return { ok: false, reason: 'invalid' };
  const now = deps.clock.now();
  const expiry = sessionExpiry(record, deps.config, now);
  if (expiry) {
    await deps.repos.sessions.end(record.id, now);
    return { ok: false, reason: expiry };
  }
  return {
    ok: true,
    session: toSessionInfo(await recordSessionUse(deps, record, now), deps.config),
  };
}

/**
 * The stored session a parsed token names, when the token's secret matches it; `null` for
 * an unknown id or a forged secret (session ids are not secret: a leaked row names them).
 * The secret is hashed even when the id is unknown, so both paths cost the same.
 */
export async function findPresentedSession(
  deps: DepsFor<never, 'sessions'>,
  token: { readonly id: string; readonly secret: string },
): Promise<SessionRecord | null> {
  const record = await deps.repos.sessions.findById(token.id);
  const presentedHash = await sha256Hex(token.secret);
  return record && constantTimeEqual(presentedHash, record.secretHash) ? record : null;
}

/** Records use of a live session when the touch interval has passed; returns the session as now stored. */
export async function recordSessionUse(
  deps: ValidateSessionDeps,
  record: SessionRecord,
  now: Date,
): Promise<SessionRecord> {
  if (now.getTime() - record.lastUsedAt.getTime() < deps.config.session.touchInterval * 1000)
    return record;
  await deps.repos.sessions.touch(record.id, now);
  return { ...record, lastUsedAt: now };
}
