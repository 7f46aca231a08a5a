import type { Migration } from './types.ts';

/**
 * Passkeys (WebAuthn): the ceremonies' single-use challenges (by hash, with their expiry)
 * and the users' credentials, unique by WebAuthn credential id. Both go with their user.
 * The signature counter is a 32-bit unsigned number, so `bigint`.
 */
export const passkeys: Migration = {
  version: 11,
  name: 'passkeys',
  statements: (s) => [
    `CREATE TABLE ${s}.passkey_challenges (
      challenge_hash text COLLATE "C" PRIMARY KEY,
      ceremony text NOT NULL CHECK (ceremony IN ('registration', 'sign_in', 'second_factor')),
      user_id text COLLATE "C" REFERENCES ${s}.users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX passkey_challenges_expiry ON ${s}.passkey_challenges (expires_at)`,
    `CREATE TABLE ${s}.passkey_credentials (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      credential_id text COLLATE "C" NOT NULL,
      public_key text NOT NULL,
      counter bigint NOT NULL CHECK (counter >= 0 AND counter <= 4294967295),
      transports jsonb NOT NULL,
      multi_device boolean NOT NULL,
      backed_up boolean NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      CONSTRAINT passkey_credentials_credential_id UNIQUE (credential_id)
    )`,
    `CREATE INDEX passkey_credentials_by_user ON ${s}.passkey_credentials (user_id, created_at)`,
  ],
};
