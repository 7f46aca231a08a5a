/**
 * Typed audit events. Every event names the user it concerns (or `null` when no account
 * matched) and when it happened. Events never carry secrets: no passwords, codes, tokens
 * or hashes of them.
 */

import type { ApiKeyEvent } from './api-key-events.ts';
import type { OAuthEvent } from './oauth.ts';
import type { OrganizationEvent } from './organization-events.ts';
import type { PasskeyEvent } from './passkeys.ts';

/** Where a request came from, when the caller knows. */
export interface RequestContext {
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  /**
   * The operator acting on someone else's account (the admin API sets it to the admin's
   * user id); absent when users act on their own. Recorded on the event as `actorId`.
   */
  readonly actorId?: string | null;
}

/** The fields every event has. */
export interface EventBase<Type extends string> {
  readonly type: Type;
  readonly at: Date;
  readonly userId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Present only when an operator acted (see `RequestContext.actorId`). */
  readonly actorId?: string;
}

/**
 * Why a sign-in did not produce a session, as the audit log records it. Callers see less
 * (`SignInFailureReason`): a deleted account, and by default a banned or unverified one,
 * reads as `invalid_credentials`.
 */
export type SignInAuditReason =
  | 'invalid_credentials'
  | 'email_unverified'
  | 'account_banned'
  | 'account_deleted';

/**
 * Why an email verification failed, as the audit log records it. Callers only ever see
 * `invalid` (see `VerifyEmailFailureReason`).
 */
export type VerifyEmailAuditReason = 'invalid' | 'too_many_attempts';

/**
 * Why a magic link did not sign anyone in, as the audit log records it. Callers see the
 * token reasons and `consumed` (see `ConsumeMagicLinkFailureReason`): an account banned,
 * deleted or re-addressed since the link was mailed reads as `consumed`.
 */
export type MagicLinkAuditReason =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'consumed'
  | 'account_banned'
  | 'account_deleted'
  | 'email_changed'
  | 'sign_up_disabled';

/** Why an emailed sign-in code was refused, as the audit log records it (callers see `invalid`). */
export type SignInCodeAuditReason =
  | 'invalid'
  | 'too_many_attempts'
  | 'account_banned'
  | 'account_deleted'
  | 'email_changed';

export type AuthEvent =
  | OAuthEvent
  | PasskeyEvent
  /** An account was created (with `required` verification: when its sign-up was redeemed). */
  | EventBase<'user.signed_up'>
  /**
   * A sign-up is waiting for its address to be proven. `userId` names an existing account
   * that was never verified, else `null`.
   */
  | EventBase<'user.sign_up_pending'>
  /** A sign-up with an email that already has an account (the caller saw the same answer). */
  | EventBase<'user.sign_up_duplicate'>
  | (EventBase<'user.signed_in'> & { readonly sessionId: string; readonly aal: 'aal1' | 'aal2' })
  | (EventBase<'user.sign_in_failed'> & { readonly reason: SignInAuditReason })
  | (EventBase<'user.mfa_required'> & { readonly factors: readonly string[] })
  /** A magic link was mailed (`sign_up`: following it creates the account; `userId` null). */
  | (EventBase<'magic_link.sent'> & { readonly intent: 'sign_in' | 'sign_up' })
  | (EventBase<'magic_link.failed'> & { readonly reason: MagicLinkAuditReason })
  | EventBase<'sign_in_code.sent'>
  | (EventBase<'sign_in_code.failed'> & { readonly reason: SignInCodeAuditReason })
  | MfaEvent
  | (EventBase<'email.verification_sent'> & { readonly method: 'code' | 'link' })
  | EventBase<'email.verified'>
  | (EventBase<'email.verification_failed'> & {
      readonly reason: VerifyEmailAuditReason;
    })
  | (EventBase<'password.rehashed'> & { readonly from: string; readonly to: string })
  | EventBase<'password.reset_requested'>
  /**
   * A mail was asked for and none went out: the address has no account that may have one
   * (`userId` names a banned or deleted one). Emitted so every answer of the request writes
   * exactly one event: an event only where an account exists would be an extra insert, and
   * a timing oracle, with a durable audit log.
   */
  | (EventBase<'mail.withheld'> & {
      readonly flow: 'password_reset' | 'magic_link' | 'sign_in_code';
      readonly reason: 'no_account' | 'account_banned' | 'account_deleted';
    })
  | EventBase<'password.reset'>
  | EventBase<'password.changed'>
  /** The password screen refused a new password (`userId` only where the caller is signed in). */
  | (EventBase<'password.refused'> & {
      readonly reason: 'password_too_common' | 'password_breached';
      readonly flow: 'sign_up' | 'reset' | 'change';
    })
  | (EventBase<'session.created'> & { readonly sessionId: string })
  | (EventBase<'session.revoked'> & { readonly sessionId: string })
  | (EventBase<'session.revoked_all'> & {
      readonly count: number;
      readonly exceptSessionId: string | null;
    })
  | (EventBase<'refresh.issued'> & { readonly sessionId: string })
  | (EventBase<'refresh.rotated'> & { readonly sessionId: string })
  | (EventBase<'refresh.replay_detected'> & { readonly sessionId: string })
  | (EventBase<'user.banned'> & { readonly reason: string | null })
  | EventBase<'user.unbanned'>
  | EventBase<'user.metadata_updated'>
  | EventBase<'user.soft_deleted'>
  | EventBase<'user.deleted'>
  /**
   * An operator searched the users (`actorId`); `userId` is `null` and the query is not
   * kept (it may be an address), only how many users the page showed.
   */
  | (EventBase<'admin.users_searched'> & { readonly resultCount: number })
  /** An operator (`actorId`) read the user's account, sessions and recent audit events. */
  | EventBase<'admin.user_viewed'>
  /** `provisionUser` created an account with a verified address (trusted server code). */
  | EventBase<'user.provisioned'>
  /** A caller of token introspection failed client authentication (`clientId` as sent). */
  | (EventBase<'introspection.client_refused'> & { readonly clientId: string })
  | (EventBase<ApiKeyEvent['type']> & ApiKeyEvent)
  | (EventBase<OrganizationEvent['type']> & OrganizationEvent)
  /** The user asked to delete their account; a confirmation was mailed. */
  | EventBase<'account.deletion_requested'>
  /** The mailed confirmation was redeemed: the account is barred and its purge starts. */
  | EventBase<'account.deletion_confirmed'>
  /**
   * Data-subject hooks purged (or failed to purge) the user's data. Once core's own hook
   * has run, `userId` is the user's audit pseudonym.
   */
  | (EventBase<'account.erased'> & {
      readonly modules: readonly string[];
      readonly failed: readonly string[];
    })
  /** The user's data was exported; `failed` names the modules whose export failed. */
  | (EventBase<'account.exported'> & { readonly failed: readonly string[] })
  /** `prune` ran (no user: `userId` is `null`); how many rows of each kind it deleted. */
  | (EventBase<'storage.pruned'> & {
      readonly sessions: number;
      readonly refreshTokens: number;
      readonly verificationTokens: number;
      readonly pendingSignUps: number;
      readonly passkeyChallenges: number;
      readonly rateLimitBuckets: number;
      readonly auditEvents: number;
    });

/** What a second factor was proven for. */
export type MfaPurpose =
  | 'sign_in'
  | 'step_up'
  | 'enrol'
  | 'confirm'
  | 'disable'
  | 'regenerate_backup_codes';

/**
 * Why a second-factor attempt failed, as the audit log records it. Callers see less: a
 * replayed TOTP code reads as `invalid_code`.
 */
export type MfaAuditFailure =
  | 'invalid_code'
  | 'replayed'
  | 'too_many_attempts'
  /** TOTP refused after `mfa.maxConsecutiveFailures` failures in a row; a backup code ends it. */
  | 'totp_locked'
  | 'invalid_challenge'
  | 'no_factor'
  /** A passkey assertion did not verify; the `passkey.failed` event beside it says why. */
  | 'invalid_passkey'
  /**
   * A passkey assertion without user verification where the session it would raise may
   * itself come from that passkey (step-up, disabling MFA, backup codes, TOTP enrolment).
   */
  | 'user_not_verified'
  /** A passkey offered for an MFA challenge that a passkey sign-in issued. */
  | 'passkey_was_first_factor';

/** Second-factor events (docs/mfa.md). None carries a code, a secret or a hash of one. */
type MfaEvent =
  /** A TOTP secret was issued; it signs nobody in until confirmed. */
  | EventBase<'mfa.totp_enrolment_started'>
  | (EventBase<'mfa.totp_confirmed'> & { readonly sessionsEnded: number })
  | (EventBase<'mfa.disabled'> & { readonly sessionsEnded: number })
  | EventBase<'mfa.backup_codes_regenerated'>
  | (EventBase<'mfa.verified'> & {
      readonly method: 'totp' | 'backup_code' | 'webauthn';
      readonly purpose: MfaPurpose;
      /** Backup codes left, after a backup code was used; `null` for TOTP and passkeys. */
      readonly backupCodesRemaining: number | null;
    })
  | (EventBase<'mfa.failed'> & {
      /** `null` when the challenge failed before any code was looked at. */
      readonly method: 'totp' | 'backup_code' | 'webauthn' | null;
      readonly purpose: MfaPurpose;
      readonly reason: MfaAuditFailure;
    });

/** The `type` of any audit event. */
export type AuthEventType = AuthEvent['type'];

/** The event of one `type`. */
export type AuthEventOf<Type extends AuthEventType> = Extract<AuthEvent, { type: Type }>;
