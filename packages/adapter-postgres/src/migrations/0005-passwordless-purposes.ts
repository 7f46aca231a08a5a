import type { Migration } from './types.ts';

/**
 * Verification tokens for passwordless sign-in: `magic_link` (a hash of the link's nonce)
 * and `sign_in_code` (the HMAC of a mailed code). The purpose check is replaced whole, so
 * it lists every purpose core knows.
 */
export const passwordlessPurposes: Migration = {
  version: 5,
  name: 'passwordless-purposes',
  statements: (s) => [
    `ALTER TABLE ${s}.verification_tokens DROP CONSTRAINT verification_tokens_purpose_check`,
    `ALTER TABLE ${s}.verification_tokens ADD CONSTRAINT verification_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'mfa_challenge',
        'magic_link', 'sign_in_code'))`,
  ],
};
