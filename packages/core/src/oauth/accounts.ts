/** Linked identities as applications see them. */
import type { OAuthAccountRecord } from '../repos.ts';

/** One linked identity, without the provider's internal identifiers. */
export interface LinkedAccount {
  readonly id: string;
  readonly provider: string;
  /** The address the provider reported when it was linked (informational). */
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
}

/** The public view of a stored identity. */
export function toLinkedAccount(account: OAuthAccountRecord): LinkedAccount {
  return {
    id: account.id,
    provider: account.provider,
    email: account.email,
    emailVerified: account.emailVerified,
    createdAt: account.createdAt,
    lastUsedAt: account.lastUsedAt,
  };
}
