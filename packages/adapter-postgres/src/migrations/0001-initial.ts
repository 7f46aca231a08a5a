import type { Migration } from './types.ts';

/**
 * The foundation's tables. Ids and hashes are `text COLLATE "C"` so ordering and
 * equality are plain byte comparisons whatever the database's default collation, and
 * every auth row references its user with ON DELETE CASCADE, so a permanent deletion
 * removes everything in one statement.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  statements: (s) => [
    `CREATE TABLE ${s}.users (
      id text COLLATE "C" PRIMARY KEY,
      email text NOT NULL,
      -- The lookup key is lower-cased by core; the CHECK makes uniqueness case-insensitive
      -- even for a caller that bypasses core.
      email_key text COLLATE "C" NOT NULL UNIQUE CHECK (email_key = lower(email_key)),
      email_verified_at timestamptz,
      password_hash text,
      banned_at timestamptz,
      ban_reason text,
      deleted_at timestamptz,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE INDEX users_listing ON ${s}.users (created_at, id)`,
    `CREATE TABLE ${s}.sessions (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      secret_hash text COLLATE "C" NOT NULL,
      aal text NOT NULL CHECK (aal IN ('aal1', 'aal2')),
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sessions_by_user ON ${s}.sessions (user_id, created_at DESC)`,
    `CREATE TABLE ${s}.refresh_tokens (
      token_hash text COLLATE "C" PRIMARY KEY,
      session_id text COLLATE "C" NOT NULL,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      family_expires_at timestamptz NOT NULL,
      rotated_at timestamptz,
      revoked_at timestamptz
    )`,
    `CREATE INDEX refresh_tokens_by_session ON ${s}.refresh_tokens (session_id)`,
    `CREATE INDEX refresh_tokens_by_user ON ${s}.refresh_tokens (user_id)`,
    `CREATE TABLE ${s}.verification_tokens (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('email_verification', 'password_reset', 'mfa_challenge')),
      kind text NOT NULL CHECK (kind IN ('code', 'link')),
      secret_hash text COLLATE "C" NOT NULL,
      email text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      consumed_at timestamptz
    )`,
    // At most one live token per user and purpose: the invariant replace() upholds.
    `CREATE UNIQUE INDEX verification_tokens_live ON ${s}.verification_tokens (user_id, purpose)
      WHERE consumed_at IS NULL`,
    `CREATE INDEX verification_tokens_by_hash ON ${s}.verification_tokens (purpose, secret_hash)`,
  ],
};
