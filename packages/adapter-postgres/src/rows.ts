import type {
  AssuranceLevel,
  RefreshTokenRecord,
  SessionRecord,
  UserMetadata,
  UserRecord,
  VerificationPurpose,
  VerificationTokenRecord,
} from '@portcullis/core';
import type { Row } from './client.ts';

/**
 * Column lists and row → record mappings, one per table. Each SELECT and RETURNING uses
 * the column list, so a record is always built from the same columns.
 */

function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export const userColumns =
  'id, email, email_key, email_verified_at, password_hash, banned_at, ban_reason, deleted_at, metadata, created_at, updated_at';

export function toUser(row: Row): UserRecord {
  return {
    id: String(row.id),
    email: String(row.email),
    emailKey: String(row.email_key),
    emailVerifiedAt: dateOrNull(row.email_verified_at),
    passwordHash: textOrNull(row.password_hash),
    bannedAt: dateOrNull(row.banned_at),
    banReason: textOrNull(row.ban_reason),
    deletedAt: dateOrNull(row.deleted_at),
    // jsonb arrives parsed from both pg and PGlite; a string means a driver configured to
    // skip parsing.
    metadata: (typeof row.metadata === 'string'
      ? JSON.parse(row.metadata)
      : row.metadata) as UserMetadata,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

export const sessionColumns =
  'id, user_id, secret_hash, aal, ip, user_agent, created_at, last_used_at, expires_at';

export function toSession(row: Row): SessionRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    secretHash: String(row.secret_hash),
    aal: String(row.aal) as AssuranceLevel,
    ip: textOrNull(row.ip),
    userAgent: textOrNull(row.user_agent),
    createdAt: date(row.created_at),
    lastUsedAt: date(row.last_used_at),
    expiresAt: date(row.expires_at),
  };
}

export const refreshTokenColumns =
  'token_hash, session_id, user_id, created_at, expires_at, family_expires_at, rotated_at, revoked_at';

export function toRefreshToken(row: Row): RefreshTokenRecord {
  return {
    tokenHash: String(row.token_hash),
    sessionId: String(row.session_id),
    userId: String(row.user_id),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    familyExpiresAt: date(row.family_expires_at),
    rotatedAt: dateOrNull(row.rotated_at),
    revokedAt: dateOrNull(row.revoked_at),
  };
}

export function refreshTokenValues(token: RefreshTokenRecord): unknown[] {
  return [
    token.tokenHash,
    token.sessionId,
    token.userId,
    token.createdAt,
    token.expiresAt,
    token.familyExpiresAt,
    token.rotatedAt,
    token.revokedAt,
  ];
}

export const verificationTokenColumns =
  'id, user_id, purpose, kind, secret_hash, email, created_at, expires_at, attempts, consumed_at';

export function toVerificationToken(row: Row): VerificationTokenRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    purpose: String(row.purpose) as VerificationPurpose,
    kind: String(row.kind) === 'link' ? 'link' : 'code',
    secretHash: String(row.secret_hash),
    email: textOrNull(row.email),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    attempts: Number(row.attempts),
    consumedAt: dateOrNull(row.consumed_at),
  };
}

export function verificationTokenValues(token: VerificationTokenRecord): unknown[] {
  return [
    token.id,
    token.userId,
    token.purpose,
    token.kind,
    token.secretHash,
    token.email,
    token.createdAt,
    token.expiresAt,
    token.attempts,
    token.consumedAt,
  ];
}
