import type { Migration } from './types.ts';

/**
 * Organizations, memberships and invitations. The owner is one column of the
 * organization, so there is exactly one whatever happens concurrently; memberships cascade
 * with their user and organization. One live (unaccepted) invitation per address and
 * organization, enforced by a partial unique index that `replaceInvitation` upserts on.
 */
export const organizations: Migration = {
  version: 10,
  name: 'organizations',
  statements: (s) => [
    `CREATE TABLE ${s}.organizations (
      id text COLLATE "C" PRIMARY KEY,
      name text NOT NULL,
      owner_id text COLLATE "C" NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    `CREATE TABLE ${s}.memberships (
      organization_id text COLLATE "C" NOT NULL
        REFERENCES ${s}.organizations (id) ON DELETE CASCADE,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('admin', 'member')),
      status text NOT NULL CHECK (status IN ('active', 'removed')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (organization_id, user_id)
    )`,
    `CREATE INDEX memberships_by_user ON ${s}.memberships (user_id, created_at)
      WHERE status = 'active'`,
    `CREATE TABLE ${s}.organization_invitations (
      id text COLLATE "C" PRIMARY KEY,
      organization_id text COLLATE "C" NOT NULL
        REFERENCES ${s}.organizations (id) ON DELETE CASCADE,
      email text NOT NULL,
      email_key text COLLATE "C" NOT NULL CHECK (email_key = lower(email_key)),
      role text NOT NULL CHECK (role IN ('admin', 'member')),
      secret_hash text COLLATE "C" NOT NULL UNIQUE,
      invited_by text COLLATE "C" NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by text COLLATE "C"
    )`,
    `CREATE UNIQUE INDEX organization_invitations_live
      ON ${s}.organization_invitations (organization_id, email_key) WHERE accepted_at IS NULL`,
  ],
};
