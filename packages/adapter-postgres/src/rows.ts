import type {
  AssuranceLevel,
  PendingSignUpRecord,
  RefreshTokenRecord,
  SessionRecord,
  TotpFactorRecord,
  UserMetadata,
  UserRecord,
  VerificationPurpose,
  VerificationTokenRecord,
} from '@portcullis/core';
import type { Row } from './client.ts';
import { tableColumns } from './columns.ts';

/**
 * Column lists and row → record mappings, one per table. Each SELECT and RETURNING uses
 * the column list, so a record is always built from the same columns; each INSERT takes
 * its placeholders and values from the same declaration (columns.ts).
 */

export function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value);
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** jsonb arrives parsed from both pg and PGlite; a string means a driver set to skip parsing. */
function metadataOf(value: unknown): UserMetadata {
  return (typeof value === 'string' ? JSON.parse(value) : value) as UserMetadata;
}

export const userTable = tableColumns<UserRecord>({
  id: ['id', 'text'],
  email: ['email', 'text'],
  emailKey: ['email_key', 'text'],
  emailVerifiedAt: ['email_verified_at', 'timestamptz'],
  passwordHash: ['password_hash', 'text'],
  bannedAt: ['banned_at', 'timestamptz'],
  banReason: ['ban_reason', 'text'],
  deletedAt: ['deleted_at', 'timestamptz'],
  metadata: ['metadata', 'jsonb'],
  createdAt: ['created_at', 'timestamptz'],
  updatedAt: ['updated_at', 'timestamptz'],
});
export const userColumns = userTable.list;

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
    metadata: metadataOf(row.metadata),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

export const sessionTable = tableColumns<SessionRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  secretHash: ['secret_hash', 'text'],
  aal: ['aal', 'text'],
  ip: ['ip', 'text'],
  userAgent: ['user_agent', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  lastUsedAt: ['last_used_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
});
export const sessionColumns = sessionTable.list;

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

export const refreshTokenTable = tableColumns<RefreshTokenRecord>({
  tokenHash: ['token_hash', 'text'],
  sessionId: ['session_id', 'text'],
  userId: ['user_id', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
  familyExpiresAt: ['family_expires_at', 'timestamptz'],
  rotatedAt: ['rotated_at', 'timestamptz'],
  revokedAt: ['revoked_at', 'timestamptz'],
});
export const refreshTokenColumns = refreshTokenTable.list;

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

export const verificationTokenTable = tableColumns<VerificationTokenRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  purpose: ['purpose', 'text'],
  kind: ['kind', 'text'],
  secretHash: ['secret_hash', 'text'],
  email: ['email', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
  attempts: ['attempts', 'integer'],
  consumedAt: ['consumed_at', 'timestamptz'],
});
export const verificationTokenColumns = verificationTokenTable.list;

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

export const pendingSignUpTable = tableColumns<PendingSignUpRecord>({
  id: ['id', 'text'],
  email: ['email', 'text'],
  emailKey: ['email_key', 'text'],
  passwordHash: ['password_hash', 'text'],
  metadata: ['metadata', 'jsonb'],
  kind: ['kind', 'text'],
  secretHash: ['secret_hash', 'text'],
  attempts: ['attempts', 'integer'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
  consumedAt: ['consumed_at', 'timestamptz'],
});
export const pendingSignUpColumns = pendingSignUpTable.list;

export function toPendingSignUp(row: Row): PendingSignUpRecord {
  return {
    id: String(row.id),
    email: String(row.email),
    emailKey: String(row.email_key),
    passwordHash: textOrNull(row.password_hash),
    metadata: metadataOf(row.metadata),
    kind: String(row.kind) === 'link' ? 'link' : 'code',
    secretHash: String(row.secret_hash),
    attempts: Number(row.attempts),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    consumedAt: dateOrNull(row.consumed_at),
  };
}

export const totpFactorTable = tableColumns<TotpFactorRecord>({
  id: ['id', 'text'],
  userId: ['user_id', 'text'],
  sealedSecret: ['sealed_secret', 'text'],
  confirmedAt: ['confirmed_at', 'timestamptz'],
  lastUsedStep: ['last_used_step', 'integer'],
  createdAt: ['created_at', 'timestamptz'],
});
export const totpFactorColumns = totpFactorTable.list;

export function toTotpFactor(row: Row): TotpFactorRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    sealedSecret: String(row.sealed_secret),
    confirmedAt: dateOrNull(row.confirmed_at),
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    createdAt: date(row.created_at),
  };
}
