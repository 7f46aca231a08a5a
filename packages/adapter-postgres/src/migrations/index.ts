import { initial } from './0001-initial.ts';
import { pruneIndexes } from './0002-prune-indexes.ts';
import { pendingSignUps } from './0003-pending-sign-ups.ts';
import { auditLog } from './0004-audit-log.ts';
import { passwordlessPurposes } from './0005-passwordless-purposes.ts';
import { mfa } from './0006-mfa.ts';
import { oauthAccounts } from './0007-oauth-accounts.ts';
import { mfaFailureStreak } from './0008-mfa-failure-streak.ts';
import { apiKeys } from './0009-api-keys.ts';
import { organizations } from './0010-organizations.ts';
import { passkeys } from './0011-passkeys.ts';
import { accountDeletion } from './0012-account-deletion.ts';
import { auditLogOrder } from './0013-audit-log-order.ts';
import { passkeyMfaChallenge } from './0014-passkey-mfa-challenge.ts';
import { organizationReferences } from './0015-organization-references.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** Every shipped migration, oldest first. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  pruneIndexes,
  pendingSignUps,
  auditLog,
  passwordlessPurposes,
  mfa,
  oauthAccounts,
  mfaFailureStreak,
  apiKeys,
  organizations,
  passkeys,
  accountDeletion,
  auditLogOrder,
  passkeyMfaChallenge,
  organizationReferences,
];
