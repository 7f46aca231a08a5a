import type { Migration } from './types.ts';

/**
 * Sign-ups waiting for their address to be proven. Not unique per address: a stranger's
 * sign-up must never replace the owner's. No foreign key to users: most belong to an
 * account that does not exist yet.
 */
export const pendingSignUps: Migration = {
  version: 3,
  name: 'pending-sign-ups',
  statements: (s) => [
    `CREATE TABLE ${s}.pending_sign_ups (
      id text COLLATE "C" PRIMARY KEY,
      email text NOT NULL,
      email_key text COLLATE "C" NOT NULL CHECK (email_key = lower(email_key)),
      password_hash text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      kind text NOT NULL CHECK (kind IN ('code', 'link')),
      secret_hash text COLLATE "C" NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz
    )`,
    `CREATE INDEX pending_sign_ups_by_email ON ${s}.pending_sign_ups (email_key, created_at DESC)`,
    `CREATE INDEX pending_sign_ups_by_hash ON ${s}.pending_sign_ups (secret_hash)`,
    `CREATE INDEX pending_sign_ups_by_expiry ON ${s}.pending_sign_ups (expires_at)`,
  ],
};
