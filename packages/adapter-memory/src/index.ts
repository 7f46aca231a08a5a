/**
 * @portcullis/adapter-memory — every Portcullis repository over in-process Maps, with
 * the atomic methods truly atomic within the process. For tests, demos and
 * single-process apps: data lives as long as the process.
 */
import type { Repositories } from '@portcullis/core';
import { createMemoryApiKeyRepo } from './api-keys.ts';
import { createMemoryAuditLogRepo } from './audit-log.ts';
import { createMemoryMfaRepo } from './mfa.ts';
import { createMemoryOAuthAccountRepo } from './oauth-accounts.ts';
import { createMemoryOrganizationRepo } from './organizations.ts';
import { createMemoryPasskeyRepo } from './passkeys.ts';
import { createMemoryPendingSignUpRepo } from './pending-sign-ups.ts';
import { createMemoryRefreshTokenRepo } from './refresh-tokens.ts';
import { createMemorySessionRepo } from './sessions.ts';
import { createMemoryStore } from './store.ts';
import { createMemoryUserRepo } from './users.ts';
import { createMemoryVerificationTokenRepo } from './verification-tokens.ts';

/**
 * Fresh, empty repositories sharing one store (so deleting a user removes its sessions
 * and tokens in the same step). Each call returns an independent store.
 */
export function createMemoryRepositories(): Repositories {
  const store = createMemoryStore();
  return {
    users: createMemoryUserRepo(store),
    sessions: createMemorySessionRepo(store),
    refreshTokens: createMemoryRefreshTokenRepo(store),
    verificationTokens: createMemoryVerificationTokenRepo(store),
    pendingSignUps: createMemoryPendingSignUpRepo(store),
    auditLog: createMemoryAuditLogRepo(),
    mfa: createMemoryMfaRepo(store),
    oauthAccounts: createMemoryOAuthAccountRepo(store),
    apiKeys: createMemoryApiKeyRepo(store),
    organizations: createMemoryOrganizationRepo(store),
    passkeys: createMemoryPasskeyRepo(store),
  };
}

export { createMemoryAuditLogRepo } from './audit-log.ts';

export type { MemoryRateLimitStoreOptions } from './rate-limit.ts';
export { createMemoryRateLimitStore } from './rate-limit.ts';
