import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { CreatedSession } from '../sessions/index.ts';
import { createSession } from '../sessions/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { CheckFactorDeps, SecondFactorFailureReason } from './check-factor.ts';
import { checkSecondFactor } from './check-factor.ts';
import type { SecondFactorProof } from './proof.ts';
import { parseProof } from './proof.ts';

export type StepUpSessionDeps = CheckFactorDeps & DepsFor<'config', 'sessions'>;

export interface StepUpSessionInput {
  readonly userId: string;
  /** The session being stepped up; it ends, and its replacement is returned. */
  readonly sessionId: string;
  /**
   * A fresh second factor: a current TOTP code, an unused backup code, or a passkey
   * assertion answering options from `beginPasskeyStepUp`, made with user verification
   * (the session being raised may come from that same passkey).
   */
  readonly proof: SecondFactorProof;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `stepUpSession` refused: `mfa_not_enabled`, `session_ended` (the session is not the
 * user's, or ended meanwhile), or the proof's failure.
 */
export type StepUpSessionFailureReason =
  | 'mfa_not_enabled'
  | 'session_ended'
  | SecondFactorFailureReason;

export type StepUpSessionResult =
  | ({ readonly ok: true } & CreatedSession)
  | { readonly ok: false; readonly reason: StepUpSessionFailureReason };

/**
 * Re-authenticates a signed-in user with the second factor alone (step-up): checks a fresh
 * TOTP code, backup code or passkey assertion, then replaces the session with a new one at `aal2`, so operations
 * that want a recent second factor accept it. The session is replaced, not upgraded in
 * place: its token was issued at a lower level and may have been seen elsewhere. Throws
 * `InputError` for a malformed id or proof.
 */
export async function stepUpSession(
  deps: StepUpSessionDeps,
  input: StepUpSessionInput,
): Promise<StepUpSessionResult> {
  const userId = parseIdentifier('userId', input.userId);
  const sessionId = parseIdentifier('sessionId', input.sessionId);
  const proof = parseProof(input.proof);
  const factors = await deps.repos.mfa.listTotp(userId);
  if (!factors.some((factor) => factor.confirmedAt !== null)) {
    return { ok: false, reason: 'mfa_not_enabled' };
  }
  const session = await deps.repos.sessions.findById(sessionId);
  if (session?.userId !== userId) return { ok: false, reason: 'session_ended' };
  const checked = await checkSecondFactor(deps, userId, proof, 'step_up', input.context);
  if (!checked.ok) return checked;

  const now = deps.clock.now();
  // Ending the old session is the claim: of two concurrent step-ups one replaces it.
  if (!(await deps.repos.sessions.end(sessionId, now))) {
    return { ok: false, reason: 'session_ended' };
  }
  const created = await createSession(deps, { userId, aal: 'aal2', context: input.context });
  if (!created) return { ok: false, reason: 'session_ended' };
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId, sessionId: created.session.id, aal: 'aal2' },
      now,
      input.context,
    ),
  );
  return { ok: true, ...created };
}
