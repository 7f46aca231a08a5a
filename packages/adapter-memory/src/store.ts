/**
 * The one shared state behind every memory repository. Sharing it is what lets
 * `users.delete` cascade to sessions and tokens in the same synchronous step.
 *
 * Atomicity model: JavaScript runs one call stack at a time, so a method that does its
 * whole read-check-write synchronously — no `await` between reading and writing — cannot
 * interleave with any other call. Every repository method here is written that way; the
 * `async` keyword only turns the synchronous result (or a thrown error) into a promise.
 * This holds within one process; separate processes each get their own store.
 */
import type {
  ApiKeyRecord,
  BackupCodeSet,
  InvitationRecord,
  MembershipRecord,
  OAuthAccountRecord,
  OrganizationRecord,
  PasskeyChallengeRecord,
  PasskeyCredentialRecord,
  PendingSignUpRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserRecord,
  VerificationTokenRecord,
} from '@portcullis/core';

/** The Maps behind the memory repositories. Records are stored as private copies. */
export interface MemoryStore {
  /** Users by id. */
  readonly users: Map<string, UserRecord>;
  /** User id by email key: the unique index `users.create` checks. */
  readonly userIdByEmailKey: Map<string, string>;
  /** Sessions by id. */
  readonly sessions: Map<string, SessionRecord>;
  /** Refresh tokens by token hash. */
  readonly refreshTokens: Map<string, RefreshTokenRecord>;
  /** Verification tokens by id. */
  readonly verificationTokens: Map<string, VerificationTokenRecord>;
  /** Pending sign-ups by id. */
  readonly pendingSignUps: Map<string, PendingSignUpRecord>;
  /** TOTP factors by id. */
  readonly totpFactors: Map<string, TotpFactorRecord>;
  /** Backup code sets by user id. */
  readonly backupCodes: Map<string, BackupCodeSet>;
  /** Second-factor attempt windows by user id. */
  readonly mfaAttempts: Map<
    string,
    { readonly windowStart: Date; readonly count: number; readonly sinceSuccess: number }
  >;
  /** Linked provider identities by id. */
  readonly oauthAccounts: Map<string, OAuthAccountRecord>;
  /** Identity id by `identityKey(issuer, subject)`: the unique index `link` checks. */
  readonly oauthAccountIdByIdentity: Map<string, string>;
  /** API keys by id. */
  readonly apiKeys: Map<string, ApiKeyRecord>;
  /** Organizations by id. */
  readonly organizations: Map<string, OrganizationRecord>;
  /** Memberships by `membershipKey(organizationId, userId)`. */
  readonly memberships: Map<string, MembershipRecord>;
  /** Invitations by id. */
  readonly invitations: Map<string, InvitationRecord>;
  /** Passkey challenges by challenge hash. */
  readonly passkeyChallenges: Map<string, PasskeyChallengeRecord>;
  /** Passkeys by id. */
  readonly passkeys: Map<string, PasskeyCredentialRecord>;
  /** Passkey id by WebAuthn credential id: the unique index `createCredential` checks. */
  readonly passkeyIdByCredentialId: Map<string, string>;
}

/** The key of a membership in `MemoryStore.memberships`: ids never contain NUL. */
export function membershipKey(organizationId: string, userId: string): string {
  return `${organizationId}\u0000${userId}`;
}

/** An empty store. */
export function createMemoryStore(): MemoryStore {
  return {
    users: new Map(),
    userIdByEmailKey: new Map(),
    sessions: new Map(),
    refreshTokens: new Map(),
    verificationTokens: new Map(),
    pendingSignUps: new Map(),
    totpFactors: new Map(),
    backupCodes: new Map(),
    mfaAttempts: new Map(),
    oauthAccounts: new Map(),
    oauthAccountIdByIdentity: new Map(),
    apiKeys: new Map(),
    organizations: new Map(),
    memberships: new Map(),
    invitations: new Map(),
    passkeyChallenges: new Map(),
    passkeys: new Map(),
    passkeyIdByCredentialId: new Map(),
  };
}

/**
 * Whether the user exists and may hold sessions (neither banned nor soft-deleted). Read in
 * the same synchronous step as the insert it guards, so a ban cannot slip in between.
 */
export function mayHoldSessions(store: MemoryStore, userId: string): boolean {
  const user = store.users.get(userId);
  return user !== undefined && user.bannedAt === null && user.deletedAt === null;
}

/**
 * A deep copy (Dates stay Dates). Applied on the way in and on the way out, so no caller
 * holds a reference into the store and cannot change it except through a repository.
 */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
