import type { Migration } from './types.ts';

/**
 * Account-deletion confirmations are verification tokens of their own purpose (the nonce's
 * SHA-256, consumed once). The purpose list is a CHECK constraint, replaced whole, so it lists every purpose core knows.
 */
export const accountDeletion: Migration = {
  version: 12,
  name: 'account-deletion',
  statements: (s) => [
    `ALTER TABLE ${s}.verification_tokens DROP CONSTRAINT verification_tokens_purpose_check`,
    `ALTER TABLE ${s}.verification_tokens ADD CONSTRAINT verification_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'mfa_challenge',
        'magic_link', 'sign_in_code', 'account_deletion'))`,
  ],
};
