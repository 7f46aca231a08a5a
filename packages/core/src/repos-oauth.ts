/**
 * The repository of identities at OAuth / OpenID Connect providers (re-exported by
 * `repos.ts`; same conventions: `null` for not found, **Atomic** methods are one step).
 */
import type { UserRecord } from './repos.ts';

/**
 * One identity at a provider, linked to one user. An identity is the pair
 * (`issuer`, `subject`): the provider's stable, never-reassigned id for the person
 * (OIDC Core §5.7). It is never keyed by email, which a provider may let change hands.
 */
export interface OAuthAccountRecord {
  readonly id: string;
  readonly userId: string;
  /** The configured provider id it was linked through (`google`, `github`…), for display. */
  readonly provider: string;
  /** The ID token's `iss` (OIDC), or the provider's fixed issuer name for plain OAuth 2.0. */
  readonly issuer: string;
  /** The ID token's `sub`, or the provider's numeric user id for plain OAuth 2.0. */
  readonly subject: string;
  /** The address the provider reported when it was linked; informational, never a key. */
  readonly email: string | null;
  /** Whether the provider vouched for `email` then. */
  readonly emailVerified: boolean;
  /**
   * The provider's access and refresh tokens from the latest sign-in, sealed with the
   * secret box (AES-256-GCM, bound to this identity's id), or `null` when none were given.
   */
  readonly tokens: string | null;
  readonly createdAt: Date;
  /** The last sign-in through this identity. */
  readonly lastUsedAt: Date;
}

/** Outcome of `OAuthAccountRepo.createUserWithAccount`. */
export type OAuthUserCreation =
  | { readonly status: 'created'; readonly user: UserRecord }
  /** Nothing was written: the identity is already linked (to the user `userId`). */
  | { readonly status: 'identity_taken' }
  /** Nothing was written: a user already has the account's email key. */
  | { readonly status: 'email_taken' };

/** Outcome of `OAuthAccountRepo.unlink`. */
export type OAuthUnlinkOutcome = 'unlinked' | 'last_sign_in_method' | 'not_found';

export interface OAuthAccountRepo {
  /** The identity (`issuer`, `subject`), or `null` when no user has linked it. */
  findByIdentity(issuer: string, subject: string): Promise<OAuthAccountRecord | null>;
  /** Every identity of the user, oldest first; `[]` when none. */
  listByUser(userId: string): Promise<readonly OAuthAccountRecord[]>;
  /**
   * **Atomic** insert of a link for an existing user: writes `account` only if no user has
   * linked (`issuer`, `subject`) yet and `account.userId` names a user that is not
   * soft-deleted, as one step. Returns whether it wrote; of concurrent links of one
   * identity at most one gets `true`.
   */
  link(account: OAuthAccountRecord): Promise<boolean>;
  /**
   * **Atomic** creation of a new user together with its first identity (`account.userId`
   * is `user.id`), as one step: both rows or neither. `email_taken` when a user has
   * `user.emailKey`, `identity_taken` when the identity is linked already. Two concurrent
   * callbacks for one new identity therefore make exactly one user.
   */
  createUserWithAccount(user: UserRecord, account: OAuthAccountRecord): Promise<OAuthUserCreation>;
  /**
   * **Atomic** removal of the identity `id` of user `userId`, refused while it is the
   * user's last way to sign in: it is deleted only if the user has a password or another
   * identity, checked and written as one step. Concurrent unlinks of a user's last two
   * identities leave one of them. `not_found` when the user has no identity `id`.
   */
  unlink(userId: string, id: string): Promise<OAuthUnlinkOutcome>;
  /**
   * Deletes every identity of the user; returns how many. Used when someone proves an
   * address the account held unproven: identities linked before belonged to whoever made
   * the account, like its sessions.
   */
  deleteByUser(userId: string): Promise<number>;
  /**
   * Records a sign-in through the identity: `lastUsedAt`, and `tokens` when not `null`.
   * Writes nothing when the stored `lastUsedAt` is not older (never moves it backwards, and
   * an older sign-in never overwrites newer tokens).
   */
  touch(id: string, lastUsedAt: Date, tokens: string | null): Promise<void>;
}
