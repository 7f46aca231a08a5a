import { findMfaChallenge, mfaChallengeOrigin } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { isRandomToken, sha256Hex } from '../primitives/index.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { createSession } from '../sessions/index.ts';
import type { PublicUser } from '../users/index.ts';
import { toPublicUser } from '../users/index.ts';
import { requireString } from '../validation.ts';
import type { CheckFactorDeps } from './check-factor.ts';
import { checkSecondFactor } from './check-factor.ts';
import type { SecondFactorProof } from './proof.ts';
import { parseProof } from './proof.ts';

export type CompleteMfaSignInDeps = CheckFactorDeps &
  DepsFor<'config' | 'clock' | 'random' | 'events', 'users' | 'sessions' | 'verificationTokens'>;

export interface CompleteMfaSignInInput {
  /** The `challengeToken` of the `mfa_required` sign-in. */
  readonly challengeToken: string;
  /**
   * The second factor: a current TOTP code, an unused backup code, or a passkey assertion
   * answering options from `beginPasskeyMfaSignIn` (not for a challenge a passkey sign-in
   * issued: its `factors` leave `webauthn` out).
   */
  readonly proof: SecondFactorProof;
  readonly context?: RequestContext | undefined;
}

/**
 * Why `completeMfaSignIn` refused:
 * - `invalid_challenge`: unknown, expired, already used, or out of attempts
 *   (`mfa.challengeMaxAttempts`) — sign in with the password again;
 * - `invalid_code`: wrong, or a TOTP code whose time step was already accepted (replay),
 *   or a passkey for a challenge that a passkey sign-in issued;
 * - `too_many_attempts`: the user's second-factor limit (`mfa.maxFailures`) is reached;
 * - `account_banned`: the account was banned or deleted after the password step.
 */
export type CompleteMfaSignInFailureReason =
  | 'invalid_challenge'
  | 'invalid_code'
  | 'too_many_attempts'
  | 'account_banned';

export type CompleteMfaSignInResult =
  | {
      readonly ok: true;
      readonly status: 'signed_in';
      readonly user: PublicUser;
      /** At `aal2`: two factors were proven. */
      readonly session: SessionInfo;
      readonly sessionToken: string;
      /** Backup codes left, when one was used (show it: the user may need new ones). */
      readonly backupCodesRemaining: number | null;
    }
  | { readonly ok: false; readonly reason: CompleteMfaSignInFailureReason };

/**
 * The second step of a sign-in that answered `mfa_required`: checks the second factor
 * against the challenge's user and starts a session at `aal2`. The challenge is bound to
 * that user, counts every code presented with it (at most `mfa.challengeMaxAttempts`,
 * counted atomically before the code is checked), and is spent by the one success; the
 * user's own limit counts too. Until then the challenge is all the client holds: it is
 * not a session and no route accepts it as one. Throws `InputError` for a non-string
 * challenge or a malformed proof; `SecretUnreadableError` when the TOTP secret cannot be
 * decrypted (fail closed).
 */
export async function completeMfaSignIn(
  deps: CompleteMfaSignInDeps,
  input: CompleteMfaSignInInput,
): Promise<CompleteMfaSignInResult> {
  const challengeToken = requireString('challengeToken', input.challengeToken);
  const proof = parseProof(input.proof);
  const now = deps.clock.now();
  const refuse = async (
    userId: string | null,
    reason: CompleteMfaSignInFailureReason,
  ): Promise<CompleteMfaSignInResult> => {
    if (reason === 'invalid_challenge') {
      await deps.events.emit(
        auditEvent(
          { type: 'mfa.failed', userId, method: null, purpose: 'sign_in', reason },
          now,
          input.context,
        ),
      );
    }
    return { ok: false, reason };
  };
  // Only our 256-bit tokens can be challenges: anything else is refused without a lookup.
  if (!isRandomToken(challengeToken, 256)) return refuse(null, 'invalid_challenge');
  const challengeHash = await sha256Hex(challengeToken);
  const challenge = await findMfaChallenge((purpose) =>
    deps.repos.verificationTokens.recordAttemptByHash(
      purpose,
      challengeHash,
      deps.config.mfa.challengeMaxAttempts,
      now,
    ),
  );
  if (!challenge) return refuse(null, 'invalid_challenge');

  const userId = challenge.token.userId;
  // A passkey was the first factor: another passkey of the user is the same kind of
  // factor, so it cannot be the second. Refused before it is looked at (and counted).
  if (proof.method === 'webauthn' && mfaChallengeOrigin(challenge.purpose) === 'passkey') {
    await deps.events.emit(
      auditEvent(
        {
          type: 'mfa.failed',
          userId,
          method: 'webauthn',
          purpose: 'sign_in',
          reason: 'passkey_was_first_factor',
        },
        now,
        input.context,
      ),
    );
    return refuse(userId, 'invalid_code');
  }
  const checked = await checkSecondFactor(deps, userId, proof, 'sign_in', input.context);
  if (!checked.ok) return refuse(userId, checked.reason);
  // Spent by exactly one caller: two right codes racing on one challenge make one session.
  const spent = await deps.repos.verificationTokens.consume(challenge.purpose, challengeHash, now);
  if (!spent) return refuse(userId, 'invalid_challenge');

  const user = await deps.repos.users.findById(userId);
  const created =
    user && !user.deletedAt && !user.bannedAt
      ? await createSession(deps, { userId, aal: 'aal2', context: input.context })
      : null;
  if (!user || !created) {
    // Banned or deleted since the password step: the audit log says which.
    const reason = !user || user.deletedAt ? 'account_deleted' : 'account_banned';
    await deps.events.emit(
      auditEvent({ type: 'user.sign_in_failed', userId, reason }, now, input.context),
    );
    return refuse(userId, 'account_banned');
  }
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId, sessionId: created.session.id, aal: 'aal2' },
      now,
      input.context,
    ),
  );
  return {
    ok: true,
    status: 'signed_in',
    user: toPublicUser(user),
    ...created,
    backupCodesRemaining: checked.backupCodesRemaining,
  };
}
