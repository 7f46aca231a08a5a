import type { Migration } from './types.ts';

/**
 * Second-factor failures since the last success, which a window rollover does not reset:
 * past `mfa.maxConsecutiveFailures` TOTP codes are refused until a backup code succeeds.
 */
export const mfaFailureStreak: Migration = {
  version: 8,
  name: 'mfa-failure-streak',
  statements: (s) => [
    `ALTER TABLE ${s}.mfa_attempts ADD COLUMN since_success integer NOT NULL DEFAULT 0`,
  ],
};
