import type { Migration } from './types.ts';

/**
 * Second factors: TOTP factors (the secret sealed by core's secret box, never in clear),
 * each user's backup-code set as one row (its remaining HMACs in an array, so using a code
 * and replacing the set are single-row updates that serialise on the row lock), and the
 * per-user attempt window. Everything goes with its user (ON DELETE CASCADE).
 */
export const mfa: Migration = {
  version: 6,
  name: 'mfa',
  statements: (s) => [
    `CREATE TABLE ${s}.mfa_totp_factors (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      sealed_secret text NOT NULL,
      confirmed_at timestamptz,
      last_used_step integer,
      created_at timestamptz NOT NULL
    )`,
    // One pending enrolment per user: replacing it is an upsert on this index.
    `CREATE UNIQUE INDEX mfa_totp_factors_one_pending ON ${s}.mfa_totp_factors (user_id)
      WHERE confirmed_at IS NULL`,
    `CREATE INDEX mfa_totp_factors_by_user ON ${s}.mfa_totp_factors (user_id)`,
    `CREATE TABLE ${s}.mfa_backup_codes (
      user_id text COLLATE "C" PRIMARY KEY REFERENCES ${s}.users (id) ON DELETE CASCADE,
      code_hashes text[] COLLATE "C" NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    `CREATE TABLE ${s}.mfa_attempts (
      user_id text COLLATE "C" PRIMARY KEY REFERENCES ${s}.users (id) ON DELETE CASCADE,
      window_start timestamptz NOT NULL,
      count integer NOT NULL
    )`,
  ],
};
