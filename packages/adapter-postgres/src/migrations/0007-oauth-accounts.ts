import type { Migration } from './types.ts';

/**
 * Identities at OAuth / OpenID Connect providers. An identity is (issuer, subject), unique
 * across users; the email is informational and never a key. Rows go with their user.
 */
export const oauthAccounts: Migration = {
  version: 7,
  name: 'oauth-accounts',
  statements: (s) => [
    `CREATE TABLE ${s}.oauth_accounts (
      id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
      provider text NOT NULL,
      issuer text COLLATE "C" NOT NULL,
      subject text COLLATE "C" NOT NULL,
      email text,
      email_verified boolean NOT NULL,
      -- The provider's tokens, sealed by core's secret box (never in clear).
      tokens text,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      CONSTRAINT oauth_accounts_identity UNIQUE (issuer, subject)
    )`,
    `CREATE INDEX oauth_accounts_by_user ON ${s}.oauth_accounts (user_id, created_at)`,
  ],
};
