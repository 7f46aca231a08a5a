import type { UserRecord } from '../repos.ts';

/**
 * A user as handed to applications. An allowlist (`Pick`), not `Omit`: a secret field added
 * to `UserRecord` later (a factor secret, say) stays private unless someone lists it here.
 */
export type PublicUser = Pick<
  UserRecord,
  | 'id'
  | 'email'
  | 'emailVerifiedAt'
  | 'bannedAt'
  | 'banReason'
  | 'deletedAt'
  | 'metadata'
  | 'createdAt'
  | 'updatedAt'
> & { readonly emailVerified: boolean; readonly hasPassword: boolean };

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
