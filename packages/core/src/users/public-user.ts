import type { UserMetadata, UserRecord } from '../repos.ts';

/** A user as handed to applications: the stored record without its password hash. */
export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly emailVerifiedAt: Date | null;
  readonly hasPassword: boolean;
  readonly bannedAt: Date | null;
  readonly banReason: string | null;
  readonly deletedAt: Date | null;
  readonly metadata: UserMetadata;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Strips secrets from a stored user. */
export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    emailVerifiedAt: user.emailVerifiedAt,
    hasPassword: user.passwordHash !== null,
    bannedAt: user.bannedAt,
    banReason: user.banReason,
    deletedAt: user.deletedAt,
    metadata: user.metadata,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
