import { ConfigError } from '@portcullis/core';

/** Where Portcullis keeps its tables unless told otherwise. */
export const DEFAULT_SCHEMA = 'portcullis';

/**
 * Validates a schema name and returns it quoted for SQL. Names are spliced into
 * statements (identifiers cannot be bound parameters), so only plain lower-case
 * identifiers are accepted.
 */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(
      `Invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`,
    );
  }
  return `"${schema}"`;
}

/** Qualified table names for one schema, built once per repository set. */
export interface Tables {
  readonly schema: string;
  readonly users: string;
  readonly sessions: string;
  readonly refreshTokens: string;
  readonly verificationTokens: string;
  readonly pendingSignUps: string;
  readonly auditLog: string;
  readonly totpFactors: string;
  readonly backupCodes: string;
  readonly mfaAttempts: string;
  readonly oauthAccounts: string;
  readonly apiKeys: string;
  readonly organizations: string;
  readonly memberships: string;
  readonly invitations: string;
  readonly passkeyChallenges: string;
  readonly passkeyCredentials: string;
  readonly migrations: string;
}

export function tablesIn(schema: string = DEFAULT_SCHEMA): Tables {
  const quoted = quoteSchema(schema);
  return {
    schema: quoted,
    users: `${quoted}.users`,
    sessions: `${quoted}.sessions`,
    refreshTokens: `${quoted}.refresh_tokens`,
    verificationTokens: `${quoted}.verification_tokens`,
    pendingSignUps: `${quoted}.pending_sign_ups`,
    auditLog: `${quoted}.audit_log`,
    totpFactors: `${quoted}.mfa_totp_factors`,
    backupCodes: `${quoted}.mfa_backup_codes`,
    mfaAttempts: `${quoted}.mfa_attempts`,
    oauthAccounts: `${quoted}.oauth_accounts`,
    apiKeys: `${quoted}.api_keys`,
    organizations: `${quoted}.organizations`,
    memberships: `${quoted}.memberships`,
    invitations: `${quoted}.organization_invitations`,
    passkeyChallenges: `${quoted}.passkey_challenges`,
    passkeyCredentials: `${quoted}.passkey_credentials`,
    migrations: `${quoted}.schema_migrations`,
  };
}
