/**
 * @portcullis/adapter-postgres — Portcullis repositories over PostgreSQL (`pg`) or the
 * embedded PGlite, with versioned migrations. See README.md.
 */
import type { Repositories } from '@portcullis/core';
import { createPostgresApiKeyRepo } from './api-keys.ts';
import { createPostgresAuditLogRepo } from './audit-log.ts';
import type { SqlClient } from './client.ts';
import { createPostgresMfaRepo } from './mfa.ts';
import { createPostgresOAuthAccountRepo } from './oauth-accounts.ts';
import { createPostgresOrganizationRepo } from './organizations.ts';
import { createPostgresPasskeyRepo } from './passkeys.ts';
import { createPostgresPendingSignUpRepo } from './pending-sign-ups.ts';
import { createPostgresRefreshTokenRepo } from './refresh-tokens.ts';
import { tablesIn } from './schema.ts';
import { createPostgresSessionRepo } from './sessions.ts';
import { createPostgresUserRepo } from './users.ts';
import { createPostgresVerificationTokenRepo } from './verification-tokens.ts';

export type { SqlClient } from './client.ts';
export type { MigrateOptions, MigrateResult, MigrationTarget } from './migrate.ts';
export { migrate } from './migrate.ts';
export type { Migration } from './migrations/index.ts';
export { migrations } from './migrations/index.ts';
export { DEFAULT_SCHEMA } from './schema.ts';

export interface PostgresRepositoryOptions {
  /** The schema `migrate` created the tables in. Default `portcullis`. */
  readonly schema?: string;
}

/**
 * Every foundation repository over one database handle — a `pg` Pool (recommended for
 * servers), a `pg` Client or a PGlite instance. Run `migrate` first.
 */
export function createPostgresRepositories(
  db: SqlClient,
  options: PostgresRepositoryOptions = {},
): Repositories {
  const tables = tablesIn(options.schema);
  return {
    users: createPostgresUserRepo(db, tables),
    sessions: createPostgresSessionRepo(db, tables),
    refreshTokens: createPostgresRefreshTokenRepo(db, tables),
    verificationTokens: createPostgresVerificationTokenRepo(db, tables),
    pendingSignUps: createPostgresPendingSignUpRepo(db, tables),
    auditLog: createPostgresAuditLogRepo(db, tables),
    mfa: createPostgresMfaRepo(db, tables),
    oauthAccounts: createPostgresOAuthAccountRepo(db, tables),
    apiKeys: createPostgresApiKeyRepo(db, tables),
    organizations: createPostgresOrganizationRepo(db, tables),
    passkeys: createPostgresPasskeyRepo(db, tables),
  };
}
