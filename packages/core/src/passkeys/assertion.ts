import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasskeyAuditReason } from '../events/passkeys.ts';
import { fromBase64url } from '../primitives/index.ts';
import type { PasskeyCeremony, PasskeyCredentialRecord } from '../repos-passkeys.ts';
import { spendChallenge, userHandleOf } from './challenge.ts';
import type { PasskeyAssertionDeps } from './deps.ts';
import { passkeySettings } from './settings.ts';

/** A WebAuthn credential id is at most 1023 bytes: 1364 base64url characters. */
const CREDENTIAL_ID_MAX = 1364;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A verified assertion. */
export interface VerifiedAssertion {
  readonly credential: PasskeyCredentialRecord;
  /** Whether the authenticator verified the user (PIN, biometrics). */
  readonly userVerified: boolean;
}

export type AssertionResult =
  | ({ readonly ok: true } & VerifiedAssertion)
  | { readonly ok: false; readonly reason: PasskeyAuditReason };

/**
 * Checks an assertion for `ceremony`: spends its challenge first, looks the credential up
 * by the presented raw id, refuses one that belongs to someone other than the challenge's
 * user (or, usernameless, than the user handle names), verifies the signature, origin,
 * rpID and user verification with `@simplewebauthn/server`, refuses a signature counter
 * that does not increase (unless both are 0: synced passkeys do not count), and records
 * the new counter with a compare-and-set. Every refusal is a `passkey.failed` event.
 */
export async function verifyAssertion(
  deps: PasskeyAssertionDeps,
  ceremony: Exclude<PasskeyCeremony, 'registration'>,
  response: AuthenticationResponseJSON,
  context: RequestContext | undefined,
): Promise<AssertionResult> {
  const now = deps.clock.now();
  const settings = passkeySettings(deps.config);
  const rawId = typeof response.rawId === 'string' ? response.rawId : '';
  const named =
    rawId.length <= CREDENTIAL_ID_MAX && BASE64URL.test(rawId) && response.id === rawId
      ? rawId
      : null;
  const refuse = async (
    reason: PasskeyAuditReason,
    userId: string | null,
  ): Promise<AssertionResult> => {
    await deps.events.emit(
      auditEvent(
        { type: 'passkey.failed', userId, ceremony, reason, credentialId: named },
        now,
        context,
      ),
    );
    return { ok: false, reason };
  };

  const spent = await spendChallenge(deps, response.response?.clientDataJSON, ceremony);
  if (!spent) return refuse('invalid_challenge', null);
  const expectedUserId = spent.record.userId;
  if (named === null) return refuse('unknown_credential', expectedUserId);
  const credential = await deps.repos.passkeys.findByCredentialId(named);
  if (!credential) return refuse('unknown_credential', expectedUserId);
  const handle = response.response.userHandle;
  if (
    (expectedUserId !== null && credential.userId !== expectedUserId) ||
    (handle !== undefined && handle !== userHandleOf(credential.userId))
  ) {
    return refuse('wrong_user', expectedUserId ?? credential.userId);
  }

  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge: spent.challenge,
    expectedOrigin: [...settings.origins],
    expectedRPID: settings.rpId,
    // The counter rule is ours (below), so the library is given no counter to compare.
    credential: {
      id: credential.credentialId,
      publicKey: fromBase64url(credential.publicKey) ?? new Uint8Array(),
      counter: 0,
    },
    requireUserVerification: settings.userVerification === 'required',
  }).catch(() => null);
  if (!verified?.verified || verified.authenticationInfo.credentialID !== credential.credentialId) {
    return refuse('verification_failed', credential.userId);
  }
  const info = verified.authenticationInfo;
  const stored = credential.counter;
  if ((stored > 0 || info.newCounter > 0) && info.newCounter <= stored) {
    return refuse('counter_regression', credential.userId);
  }
  const recorded = await deps.repos.passkeys.recordUse(credential.id, {
    expectedCounter: stored,
    newCounter: info.newCounter,
    backedUp: info.credentialBackedUp,
    now,
  });
  // Another assertion moved the counter meanwhile: only one of two copies may pass.
  if (!recorded) return refuse('counter_regression', credential.userId);
  return {
    ok: true,
    credential: { ...credential, counter: info.newCounter, lastUsedAt: now },
    userVerified: info.userVerified,
  };
}
