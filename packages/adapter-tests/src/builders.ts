/**
 * Fixture builders for the contract suite. Every call returns a fresh record with random
 * unique ids, emails and hashes, so tests never collide with each other or with rows an
 * earlier run left behind, whatever order they run in and however full the store is.
 * Times are fixed offsets from one base instant: the suite controls time explicitly and
 * never reads the wall clock.
 */
import type {
  AuditLogEntry,
  PendingSignUpRecord,
  RefreshTokenRecord,
  SessionRecord,
  UserRecord,
  VerificationTokenRecord,
} from '@portcullis/core';
import { hex } from '@portcullis/core/adapter';

/** The instant every builder's default timestamps are relative to (whole milliseconds). */
const BASE_TIME_MS = Date.UTC(2030, 0, 1);

/**
 * The fixed base time plus `minutes`. Tests pass explicit `now` values built from this
 * rather than reading a clock, so expiry boundaries are exact and reproducible.
 */
export function atMinute(minutes: number): Date {
  return new Date(BASE_TIME_MS + minutes * 60_000);
}

/** A random string unique to this call: a UUID without dashes (lower-case hex). */
export function uniqueTag(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** 32 random bytes as lower-case hex: the shape of the SHA-256 hashes core stores. */
export function randomHash(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * A user with a unique id and email. When `overrides.email` is given without
 * `overrides.emailKey`, the key is derived from it by lower-casing, as core does.
 */
export function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const email = overrides.email ?? `User.${uniqueTag()}@Example.test`;
  return {
    id: crypto.randomUUID(),
    email,
    emailKey: email.toLowerCase(),
    emailVerifiedAt: null,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${uniqueTag()}`,
    bannedAt: null,
    banReason: null,
    deletedAt: null,
    metadata: {},
    createdAt: atMinute(0),
    updatedAt: atMinute(0),
    ...overrides,
  };
}

/** A live session of `userId`, created at minute 0 and expiring a day later. */
export function aSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    secretHash: randomHash(),
    aal: 'aal1',
    ip: '203.0.113.7',
    userAgent: 'contract-suite/1.0',
    createdAt: atMinute(0),
    lastUsedAt: atMinute(0),
    expiresAt: atMinute(24 * 60),
    ...overrides,
  };
}

/** Who a refresh token belongs to: its family (session) and user. */
export interface RefreshTokenOwner {
  readonly sessionId: string;
  readonly userId: string;
}

/** A live (neither rotated nor revoked) refresh token of the owner's family. */
export function aRefreshToken(
  owner: RefreshTokenOwner,
  overrides: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord {
  return {
    tokenHash: randomHash(),
    sessionId: owner.sessionId,
    userId: owner.userId,
    createdAt: atMinute(0),
    expiresAt: atMinute(60),
    familyExpiresAt: atMinute(30 * 24 * 60),
    rotatedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

/** An unconsumed email-verification code of `userId`, valid from minute 0 to minute 15. */
export function aVerificationToken(
  userId: string,
  overrides: Partial<VerificationTokenRecord> = {},
): VerificationTokenRecord {
  return {
    id: crypto.randomUUID(),
    userId,
    purpose: 'email_verification',
    kind: 'code',
    secretHash: randomHash(),
    email: `user.${uniqueTag()}@example.test`,
    createdAt: atMinute(0),
    expiresAt: atMinute(15),
    attempts: 0,
    consumedAt: null,
    ...overrides,
  };
}

/**
 * A live pending sign-up for a unique address, with a password, redeemable from minute 0
 * to minute 15. Pass `emailKey` (and `email`) to put several on one address.
 */
export function aPendingSignUp(overrides: Partial<PendingSignUpRecord> = {}): PendingSignUpRecord {
  const email = overrides.email ?? `Pending.${uniqueTag()}@Example.test`;
  return {
    id: crypto.randomUUID(),
    email,
    emailKey: email.toLowerCase(),
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${uniqueTag()}`,
    metadata: { plan: 'pro' },
    kind: 'code',
    secretHash: randomHash(),
    attempts: 0,
    createdAt: atMinute(0),
    expiresAt: atMinute(15),
    consumedAt: null,
    ...overrides,
  };
}

/** An audit entry about a fresh random user (a sign-in failure with every column filled). */
export function anAuditEntry(overrides: Partial<AuditLogEntry> = {}): AuditLogEntry {
  return {
    type: 'user.sign_in_failed',
    at: atMinute(0),
    userId: crypto.randomUUID(),
    actorId: null,
    sessionId: null,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (contract)',
    details: { reason: 'invalid_credentials' },
    ...overrides,
  };
}
