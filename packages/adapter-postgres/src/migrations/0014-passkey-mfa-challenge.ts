import type { Migration } from './types.ts';

/**
 * An MFA challenge that a passkey sign-in issued is a verification token of its own
 * purpose: its second factor cannot be a passkey. The purpose list is a CHECK constraint,
 * replaced whole, so it lists every purpose core knows.
 */
export const passkeyMfaChallenge: Migration = {
  version: 14,
  name: 'passkey-mfa-challenge',
  statements: (s) => [
    `ALTER TABLE ${s}.verification_tokens DROP CONSTRAINT verification_tokens_purpose_check`,
    `ALTER TABLE ${s}.verification_tokens ADD CONSTRAINT verification_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'mfa_challenge',
        'passkey_mfa_challenge', 'magic_link', 'sign_in_code', 'account_deletion'))`,
  ],
};
