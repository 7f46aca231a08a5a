import type { Migration } from './types.ts';

/**
 * API keys. A key belongs to a user (cascading with the user's deletion) or to an
 * organization, never both; the CHECK holds that even for a caller that bypasses core.
 * The list columns are JSON arrays of strings. Listing reads by owner, newest first.
 */
export const apiKeys: Migration = {
  version: 9,
  name: 'api-keys',
  statements: (s) => [
    `CREATE TABLE ${s}.api_keys (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" REFERENCES ${s}.users (id) ON DELETE CASCADE,
      organization_id text COLLATE "C",
      name text NOT NULL,
      secret_hash text COLLATE "C" NOT NULL,
      scopes jsonb NOT NULL CHECK (jsonb_typeof(scopes) = 'array'),
      allowed_ips jsonb NOT NULL CHECK (jsonb_typeof(allowed_ips) = 'array'),
      allowed_origins jsonb NOT NULL CHECK (jsonb_typeof(allowed_origins) = 'array'),
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      rotated_at timestamptz,
      replaced_by text COLLATE "C",
      CHECK ((user_id IS NULL) <> (organization_id IS NULL))
    )`,
    `CREATE INDEX api_keys_by_user ON ${s}.api_keys (user_id, created_at DESC)
      WHERE user_id IS NOT NULL`,
    `CREATE INDEX api_keys_by_organization ON ${s}.api_keys (organization_id, created_at DESC)
      WHERE organization_id IS NOT NULL`,
  ],
};
