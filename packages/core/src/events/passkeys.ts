/** Audit events of passkeys (WebAuthn). */
import type { EventBase } from './types.ts';

/**
 * Why a passkey ceremony was refused, as the audit log records it. Callers see less
 * (`PasskeySignInFailureReason`, `PasskeyRegistrationFailureReason`).
 */
export type PasskeyAuditReason =
  | 'invalid_challenge'
  | 'verification_failed'
  | 'unknown_credential'
  | 'wrong_user'
  | 'counter_regression'
  | 'credential_exists'
  | 'account_unavailable'
  /** A registration answered after the session stopped being recent (`mfa.recentSignIn`). */
  | 'recent_sign_in_required';

export type PasskeyEvent =
  /** A passkey was added to the user's account. */
  | (EventBase<'passkey.registered'> & { readonly credentialId: string })
  /** A registration or assertion was refused; `credentialId` when one was named. */
  | (EventBase<'passkey.failed'> & {
      readonly ceremony: 'registration' | 'sign_in' | 'second_factor';
      readonly reason: PasskeyAuditReason;
      readonly credentialId: string | null;
    })
  /** The owner renamed a passkey (`passkeyId`: the record id, not the credential id). */
  | (EventBase<'passkey.renamed'> & { readonly passkeyId: string })
  /** The owner removed a passkey. */
  | (EventBase<'passkey.removed'> & { readonly passkeyId: string });
