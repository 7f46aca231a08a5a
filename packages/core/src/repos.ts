/**
 * Every repository interface core talks to storage through, in one place.
 *
 * Conventions (Lucia-style): `null` for "not found", `[]` for "none", `void` for writes.
 * Methods whose doc comment says **Atomic** must behave as one indivisible step even when
 * called concurrently from many processes: an adapter implements them as a single
 * statement or a transaction, never as read-then-write. `@portcullis/adapter-tests`
 * proves this for every adapter by racing calls.
 *
 * Secrets never reach a repository in clear: tokens arrive as SHA-256 or HMAC hashes,
 * passwords as PHC strings.
 */
import type { ApiKeyRepo } from './api-keys/repo.ts';
import type { AuthEvent, AuthEventType } from './events/types.ts';
import type { MfaRepo } from './mfa-repo.ts';

export type { ApiKeyOwner, ApiKeyRecord, ApiKeyRepo, ApiKeyRotation } from './api-keys/repo.ts';
export type { BackupCodeSet, MfaAttemptCount, MfaRepo, TotpFactorRecord } from './mfa-repo.ts';

import type { OrganizationRepo } from './orgs/repo.ts';

export type {
  InvitationAcceptance,
  InvitationRecord,
  MemberRole,
  MembershipRecord,
  OrganizationMembership,
  OrganizationRecord,
  OrganizationRepo,
  RoleChange,
  StoredMemberRole,
} from './orgs/repo.ts';

import type { OAuthAccountRepo } from './repos-oauth.ts';
import type { PasskeyRepo } from './repos-passkeys.ts';

export type {
  OAuthAccountRecord,
  OAuthAccountRepo,
  OAuthUnlinkOutcome,
  OAuthUserCreation,
} from './repos-oauth.ts';
export type {
  PasskeyCeremony,
  PasskeyChallengeRecord,
  PasskeyCredentialRecord,
  PasskeyRemoval,
  PasskeyRepo,
  PasskeyUse,
} from './repos-passkeys.ts';

/** JSON value allowed in user metadata. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Application-owned data attached to a user. Core never reads it. */
export type UserMetadata = { readonly [key: string]: JsonValue };

/** A stored user. */
export interface UserRecord {
  readonly id: string;
  /** The address as the user typed it after NFKC normalisation; mail goes here. */
  readonly email: string;
  /** Lookup key: NFKC then lower-cased. Unique across users. */
  readonly emailKey: string;
  readonly emailVerifiedAt: Date | null;
  /** PHC string (argon2id, or legacy bcrypt until the next sign-in), `null` when none is set. */
  readonly passwordHash: string | null;
  readonly bannedAt: Date | null;
  readonly banReason: string | null;
  /** Set by soft deletion; such a user cannot sign in and is hidden from listings. */
  readonly deletedAt: Date | null;
  readonly metadata: UserMetadata;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Fields an update may change. Identity fields (`id`, `emailKey`, `createdAt`) never change here. */
export type UserPatch = Partial<
  Pick<
    UserRecord,
    | 'email'
    | 'emailVerifiedAt'
    | 'passwordHash'
    | 'bannedAt'
    | 'banReason'
    | 'deletedAt'
    | 'metadata'
  >
> & { readonly updatedAt: Date };

/** A page request for `UserRepo.list`. */
export interface UserListQuery {
  /** Case-insensitive substring of the email key. */
  readonly emailContains?: string;
  /** Include soft-deleted users. Default false. */
  readonly includeDeleted?: boolean;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
  readonly limit: number;
}

/** One page of users, ordered by creation time then id. */
export interface UserPage {
  readonly users: readonly UserRecord[];
  /** Pass back to get the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

export interface UserRepo {
  /**
   * **Atomic** insert. Returns `null` (and writes nothing) when a user with the same
   * `emailKey` exists — the uniqueness check and the insert are one step.
   */
  create(user: UserRecord): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  findByEmailKey(emailKey: string): Promise<UserRecord | null>;
  /** Applies the patch; returns the updated user, or `null` if it does not exist. */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * **Atomic** compare-and-set of the password hash: writes `nextHash` only if the stored
   * hash is still `expectedHash`. Returns whether it wrote. Used by transparent rehash so a
   * concurrent password change is never overwritten with the old password.
   */
  replacePasswordHash(
    id: string,
    expectedHash: string,
    nextHash: string,
    updatedAt: Date,
  ): Promise<boolean>;
  /**
   * **Atomic** confirmation of the address: sets `emailVerifiedAt = now` (and the password
   * hash, when `passwordHash` is not `null`) only if the user still has `emailKey`, is not
   * verified yet and not deleted, as one step. Returns the updated user, or `null` when
   * nothing was written. Activating a pending sign-up onto an account that exists but was
   * never verified goes through here, so an address already confirmed by someone else (a
   * concurrent redemption) is never overwritten.
   */
  confirmEmail(
    id: string,
    emailKey: string,
    passwordHash: string | null,
    now: Date,
  ): Promise<UserRecord | null>;
  list(query: UserListQuery): Promise<UserPage>;
  /**
   * Permanently removes the user **and every row that belongs to it** (sessions, refresh
   * tokens, verification tokens), atomically: `deleted`, or `missing` when there was no
   * such user. Refused, deleting nothing, while the user owns an organization
   * (`owns_organization`): an organization never names a missing owner, whatever runs
   * concurrently (PostgreSQL: a foreign key with `ON DELETE RESTRICT`).
   */
  delete(id: string): Promise<UserDeletion>;
}

/** What `UserRepo.delete` did. */
export type UserDeletion = 'deleted' | 'missing' | 'owns_organization';

/** Authenticator assurance level (NIST 800-63B): aal1 = one factor, aal2 = two. */
export type AssuranceLevel = 'aal1' | 'aal2';

/** A stored session. The client holds `id.secret`; only `secretHash` is stored. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  /** SHA-256 (hex) of the secret half of the session token. */
  readonly secretHash: string;
  readonly aal: AssuranceLevel;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  /** Absolute expiry; idle expiry is `lastUsedAt + idleTimeout`, computed by core. */
  readonly expiresAt: Date;
}

/** What `SessionRepo.create` checks on the user row besides its status. */
export interface SessionPrecondition {
  /** The password hash the caller verified (`null`: the user has no password). */
  readonly passwordHash: string | null;
}

export interface SessionRepo {
  /**
   * **Atomic** with the user's status: inserts the session only if its user exists and is
   * neither banned nor soft-deleted, as one step, and returns whether it did. Once a ban or
   * soft deletion (followed by its revoke-all) has returned, no session of that user can
   * appear: a sign-in that checked the password just before the ban gets `false`.
   *
   * With `precondition.passwordHash`, also only if the user's `passwordHash` is still
   * exactly that value, in the same step: a password sign-in that verified a hash which a
   * reset, a change or a proof of the address replaced meanwhile gets `false`, so once such
   * a change and its revoke-all have returned, no session from the old password appears.
   */
  create(session: SessionRecord, precondition?: SessionPrecondition): Promise<boolean>;
  findById(id: string): Promise<SessionRecord | null>;
  /** Every stored session of the user (core filters expired ones), newest first. */
  listByUser(userId: string): Promise<readonly SessionRecord[]>;
  /** Records use. Never moves `lastUsedAt` backwards. */
  touch(id: string, lastUsedAt: Date): Promise<void>;
  /**
   * **Atomic** end of one session: deletes session `id` and sets `revokedAt = now` on every
   * not-yet-revoked refresh token of its family (`sessionId = id`), as one step. The family
   * is revoked even when the session row is already gone (a refresh token outliving its
   * session). Returns whether the session existed; of concurrent calls at most one gets
   * `true`. No failure can leave the session deleted and its family live, or the reverse.
   */
  end(id: string, now: Date): Promise<boolean>;
  /**
   * **Atomic** end of every session of the user except `exceptId`: deletes them and revokes
   * every not-yet-revoked refresh token of the user outside the family of `exceptId`, as
   * one step. `exceptId` naming no session of this user spares nothing. Returns how many
   * sessions were deleted.
   */
  endByUser(userId: string, now: Date, exceptId?: string): Promise<number>;
  /**
   * Pruning: deletes every session past its absolute expiry (`expiresAt <= now`) or unused
   * since `idleSince` (`lastUsedAt <= idleSince`), none of which validation would accept.
   * Their refresh families are left as they are: rotation finds no session and ends the
   * family (`session_ended`), as it does for an expired one. Returns how many were deleted.
   */
  deleteExpired(now: Date, idleSince: Date): Promise<number>;
}

/**
 * A stored refresh token. Tokens of one session form one family (`sessionId`); each
 * rotation marks the presented token rotated and adds its successor.
 */
export interface RefreshTokenRecord {
  /** SHA-256 (hex) of the opaque token. */
  readonly tokenHash: string;
  /** The family: the session this token refreshes. */
  readonly sessionId: string;
  readonly userId: string;
  readonly createdAt: Date;
  /** Idle expiry of this token (capped by `familyExpiresAt`). */
  readonly expiresAt: Date;
  /** Absolute expiry of the whole family, copied to every successor. */
  readonly familyExpiresAt: Date;
  /** When it was exchanged for a successor; `null` while it is the live token. */
  readonly rotatedAt: Date | null;
  /** When its family was revoked; `null` while the family is alive. */
  readonly revokedAt: Date | null;
}

/** Outcome of `RefreshTokenRepo.rotate`. */
export type RefreshRotation =
  | { readonly ok: true }
  /** Nothing was written. `current` is the presented token's row as it is now, if any. */
  | { readonly ok: false; readonly current: RefreshTokenRecord | null };

/** A refresh token and the session of its family, read together. */
export interface RefreshTokenWithSession {
  readonly token: RefreshTokenRecord;
  /** The session `token.sessionId` names; `null` when it no longer exists. */
  readonly session: SessionRecord | null;
}

export interface RefreshTokenRepo {
  /**
   * **Atomic** with the user's status: inserts the token only if its user exists and is
   * neither banned nor soft-deleted, as one step, and returns whether it did.
   */
  create(token: RefreshTokenRecord): Promise<boolean>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /**
   * The token with hash `tokenHash` together with its family's session, in one read (a
   * refresh needs both; one round trip instead of two), or `null` for an unknown hash.
   */
  findWithSession(tokenHash: string): Promise<RefreshTokenWithSession | null>;
  /**
   * **Atomic** rotation: if the row `oldHash` exists with `rotatedAt` and `revokedAt` both
   * `null` and its user is neither banned nor soft-deleted, sets its `rotatedAt` to `now`
   * and inserts `next`, as one step. Otherwise writes
   * nothing. Of any number of concurrent calls with the same `oldHash`, at most one
   * returns `ok: true`.
   */
  rotate(oldHash: string, next: RefreshTokenRecord, now: Date): Promise<RefreshRotation>;
  /**
   * Pruning: deletes every token whose family is past its absolute expiry
   * (`familyExpiresAt <= now`), whatever its state. Rotated and revoked tokens of a family
   * that could still be used are kept, because replay detection recognises them. Returns
   * how many were deleted.
   */
  deleteExpired(now: Date): Promise<number>;
}

/** What a verification token proves. */
export type VerificationPurpose =
  | 'email_verification'
  | 'password_reset'
  | 'mfa_challenge'
  /**
   * An MFA challenge issued by a passkey sign-in without user verification: the passkey
   * was the first factor, so the challenge completes with a TOTP or backup code, never
   * with a passkey.
   */
  | 'passkey_mfa_challenge'
  | 'magic_link'
  | 'sign_in_code'
  | 'account_deletion';

/**
 * A single-use secret sent to the user: a 6-digit code (stored as HMAC-SHA256 under the
 * server secret) or a ≥128-bit link token (stored as SHA-256).
 */
export interface VerificationTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly purpose: VerificationPurpose;
  readonly kind: 'code' | 'link';
  /** Hex HMAC (codes) or SHA-256 (links) of the secret. */
  readonly secretHash: string;
  /** The address the secret was sent to, for email purposes (guards against a changed email). */
  readonly email: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Wrong guesses so far (codes only). */
  readonly attempts: number;
  readonly consumedAt: Date | null;
}

/** One guess at a code for `VerificationTokenRepo.attempt`. */
export interface VerificationGuess {
  readonly id: string;
  /** The hash of the presented code, computed exactly as the stored `secretHash` was. */
  readonly secretHash: string;
  /** The most guesses the token accepts; a guess counted past it is never compared. */
  readonly maxAttempts: number;
  readonly now: Date;
}

/** The outcome of `VerificationTokenRepo.attempt`. */
export type VerificationAttempt =
  | { readonly status: 'consumed'; readonly token: VerificationTokenRecord }
  | { readonly status: 'mismatch' }
  | { readonly status: 'too_many_attempts' }
  | { readonly status: 'unavailable' };

export interface VerificationTokenRepo {
  /**
   * **Atomic**: deletes every unconsumed token of the same user and purpose and inserts
   * `token`, as one step, so at most one code or link per purpose is live (resend
   * invalidates the previous one).
   */
  replace(token: VerificationTokenRecord): Promise<void>;
  /** The newest unconsumed token of the user for the purpose, or `null`. */
  findLatest(userId: string, purpose: VerificationPurpose): Promise<VerificationTokenRecord | null>;
  /**
   * **Atomic** guess at a code, as one step: on the live token `id` (unconsumed,
   * `expiresAt > now`) adds one to `attempts`, and consumes the token (`consumedAt = now`)
   * if `secretHash` matches and the new count is at most `maxAttempts`. Concurrent guesses
   * each count, so no more than `maxAttempts` can ever be compared; of concurrent correct
   * guesses only the first gets `consumed`. A token that is unknown, consumed or expired
   * is `unavailable` and is not counted.
   */
  attempt(guess: VerificationGuess): Promise<VerificationAttempt>;
  /**
   * **Atomic** single use by secret hash (links, challenges): sets `consumedAt = now` on
   * the unconsumed token of `purpose` whose `secretHash` matches, if `expiresAt > now`,
   * returning the updated row. Of concurrent calls only the first gets the row; the rest
   * get `null`.
   */
  consume(
    purpose: VerificationPurpose,
    secretHash: string,
    now: Date,
  ): Promise<VerificationTokenRecord | null>;
  /**
   * **Atomic** count of one attempt on a live token found by purpose and hash: if the
   * token is unconsumed, `expiresAt > now` and `attempts < maxAttempts`, adds one to
   * `attempts` and returns the updated row, as one step; otherwise `null`. Of concurrent
   * calls no more than `maxAttempts - attempts` get the row. It is for MFA challenges,
   * where the presented token is right (it is the lookup key) and what is being guessed
   * is a TOTP or backup code checked afterwards, so the challenge must survive a wrong
   * code: a consume-on-match step cannot express that.
   */
  recordAttemptByHash(
    purpose: VerificationPurpose,
    secretHash: string,
    maxAttempts: number,
    now: Date,
  ): Promise<VerificationTokenRecord | null>;
  /**
   * Reads, and changes nothing: the token of `purpose` whose `secretHash` matches if it is
   * unconsumed, `expiresAt > now` and `attempts < maxAttempts` (it could still be
   * completed), else `null`. For steps that prepare a completion without counting as one
   * (the passkey options of an MFA challenge).
   */
  findLiveByHash(
    purpose: VerificationPurpose,
    secretHash: string,
    maxAttempts: number,
    now: Date,
  ): Promise<VerificationTokenRecord | null>;
  /** Deletes every token of the user for the purpose (e.g. after a password reset). */
  deleteByUser(userId: string, purpose: VerificationPurpose): Promise<void>;
  /**
   * Pruning: deletes every token past its expiry (`expiresAt <= now`), consumed or not;
   * none can be redeemed. Returns how many were deleted.
   */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A sign-up (or a resend) waiting for its address to be proven. The password chosen at
 * sign-up lives here, not on a user, until the secret mailed for *this* sign-up is
 * redeemed: whoever proves control of the address activates exactly the password that was
 * typed together with the mail they received. Several may exist for one address (a
 * stranger's sign-up never replaces the owner's); redeeming one deletes the rest.
 */
export interface PendingSignUpRecord {
  readonly id: string;
  /** The address as typed after NFKC normalisation; the secret was mailed here. */
  readonly email: string;
  /** Lookup key (NFKC, lower-cased), as on `UserRecord`. Not unique here. */
  readonly emailKey: string;
  /**
   * PHC string of the password chosen at this sign-up. `null` for a resend to an account
   * that already has its password: redeeming it only confirms the address.
   */
  readonly passwordHash: string | null;
  /** Application metadata for the account this sign-up creates. */
  readonly metadata: UserMetadata;
  readonly kind: 'code' | 'link';
  /** HMAC-SHA256 of the code (bound to `emailKey`) or SHA-256 of the link token. */
  readonly secretHash: string;
  /** Wrong code guesses counted against this sign-up. */
  readonly attempts: number;
  readonly createdAt: Date;
  /** Neither the secret nor the sign-up can be redeemed from this instant on. */
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
}

/** One guess at a sign-up code for `PendingSignUpRepo.redeemCode`. */
export interface PendingSignUpCodeGuess {
  readonly emailKey: string;
  /** The hash of the presented code, computed exactly as the stored `secretHash` was. */
  readonly secretHash: string;
  /** The most guesses a sign-up accepts; a guess counted past it is never compared. */
  readonly maxAttempts: number;
  readonly now: Date;
  /** Stored, in the same step, only when the guess counted against nothing. */
  readonly decoy?: PendingSignUpRecord | undefined;
}

/** The outcome of `PendingSignUpRepo.redeemCode`. */
export type CodeRedemption =
  | { readonly status: 'redeemed'; readonly signUp: PendingSignUpRecord }
  | {
      readonly status: 'refused';
      /** Some sign-up of the address had already seen `maxAttempts` guesses. */
      readonly lockedOut: boolean;
    };

export interface PendingSignUpRepo {
  /** Stores a new pending sign-up. An id already in use throws `StorageError`. */
  create(signUp: PendingSignUpRecord): Promise<void>;
  /**
   * **Atomic** guess at a code, as one step: adds one to `attempts` of every live
   * (unconsumed, `expiresAt > now`) pending sign-up of `emailKey` whose `kind` is `code`,
   * and consumes the newest of them whose `secretHash` matches and whose new count is at
   * most `maxAttempts`. Concurrent guesses each count against every sign-up they could
   * match, so none is ever compared more than `maxAttempts` times, and of concurrent
   * correct guesses only the first redeems. When nothing was counted and a `decoy` (an
   * already consumed record) is given, stores it in the same step, so a guess for an
   * address with nothing pending writes as much as one that counts.
   */
  redeemCode(guess: PendingSignUpCodeGuess): Promise<CodeRedemption>;
  /**
   * **Atomic** single use of a link: sets `consumedAt = now` on the live pending sign-up
   * of kind `link` whose `secretHash` matches, returning the updated row. Of concurrent
   * calls only the first gets the row; the rest get `null`.
   */
  redeemLink(secretHash: string, now: Date): Promise<PendingSignUpRecord | null>;
  /** The newest pending sign-up of the address, consumed or not, or `null` (resend cooldown). */
  findLatest(emailKey: string): Promise<PendingSignUpRecord | null>;
  /** Deletes every pending sign-up of the address. Returns how many it deleted. */
  deleteByEmailKey(emailKey: string): Promise<number>;
  /**
   * Deletes every pending sign-up that can no longer be redeemed (`expiresAt <= now`, or
   * consumed). Returns how many it deleted.
   */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A token bucket's rule: it holds at most `capacity` tokens and gains `refillPerSecond`
 * tokens per second; each request takes one.
 */
export interface RateLimitPolicy {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The outcome of one `RateLimitStore.take`. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Whole tokens left after this take. */
  readonly remaining: number;
  /** When a refused request could succeed (0 when allowed), in whole seconds. */
  readonly retryAfterSeconds: number;
}

/**
 * Token buckets shared by every app instance (memory for one process, Redis for many).
 * Keys arrive already keyed-hashed by core: no address or email is stored in clear.
 */
export interface RateLimitStore {
  /**
   * **Atomic** take: refills bucket `key` for the time since it was last written (a new
   * key starts full; never above `capacity`; a clock that went backwards adds nothing),
   * then takes `cost` tokens if that many are there, as one step. Of concurrent takes on
   * one key no more succeed than there were tokens. The store may forget a bucket once it
   * would be full again. `@portcullis/core/rate-limit`'s `takeFromBucket` is the
   * reference arithmetic. Arguments no bucket can honour (a cost that is not a whole number
   * from 1 to the capacity, an invalid `now`, an unusable policy) throw `InputError` or
   * `ConfigError` and change nothing; `validateTake` does those checks.
   */
  take(key: string, policy: RateLimitPolicy, cost: number, now: Date): Promise<RateLimitDecision>;
  /**
   * Pruning, for stores that keep full buckets until told (a store whose keys expire on
   * their own, like Redis, has none): deletes every bucket that would be full again at
   * `now`, which carries no information. Returns how many were deleted.
   */
  deleteExpired?(now: Date): Promise<number>;
}

/** Where audit events go (a table, a log pipeline...). Wrapped by `safeEmitter`. */
export interface AuditEventSink {
  record(event: AuthEvent): Promise<void> | void;
}

/** One audit event as the audit log stores it (see `auditLogSink`). */
export interface AuditLogRecord {
  /**
   * Assigned by the store at insert, increasing: a larger id was stored later. Listings
   * follow it, so a trail reads in the order its events were recorded even where a flow
   * stamped two events a millisecond apart out of order. Decimal digits.
   */
  readonly id: string;
  readonly type: AuthEventType;
  readonly at: Date;
  /** The user the event is about (or their pseudonym once erased); `null` for none. */
  readonly userId: string | null;
  /** Who acted when it was not the user themselves (an operator), else `null`. */
  readonly actorId: string | null;
  readonly sessionId: string | null;
  /** Cleaned and capped by core (64 / 512 characters, no control characters). */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The event's own fields (`reason`, `count`, ...): never a secret. */
  readonly details: { readonly [key: string]: JsonValue };
}

/** What `AuditLogRepo.append` stores: a record before the store numbers it. */
export type AuditLogEntry = Omit<AuditLogRecord, 'id'>;

/** A page request for `AuditLogRepo.list`. Every filter is optional; they combine. */
export interface AuditLogQuery {
  readonly userId?: string;
  /** Only events of these types (an empty list matches nothing). */
  readonly types?: readonly AuthEventType[];
  /** Events at or after this instant. */
  readonly from?: Date;
  /** Events strictly before this instant. */
  readonly to?: Date;
  /** Opaque cursor from a previous page's `nextCursor` (same filters). */
  readonly cursor?: string;
  readonly limit: number;
}

/** One page of audit events, most recently stored first (`id` descending). */
export interface AuditLogPage {
  readonly entries: readonly AuditLogRecord[];
  /** Pass back to get the next (older) page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * The durable audit log. It is not a child of `users`: a user's deletion leaves the log
 * alone, and core pseudonymises it instead (`pseudonymiseUser`).
 */
export interface AuditLogRepo {
  /** Stores one event: exactly one write, nothing read. */
  append(entry: AuditLogEntry): Promise<void>;
  /**
   * One page, most recently stored first. A cursor that no adapter issued throws
   * `InputError`. Events appended after the first page was read never show up on a later
   * page (the cursor resumes strictly below the last id seen).
   */
  list(query: AuditLogQuery): Promise<AuditLogPage>;
  /**
   * **Atomic** pseudonymisation of one user's trail, as GDPR allows for security logs:
   * every event whose `userId` or `actorId` is `userId` gets `pseudonym` there instead, its
   * `ip` and `userAgent` set to `null`, and the free-text `details.reason` of a
   * `user.banned` event removed. Returns how many events changed.
   */
  pseudonymiseUser(userId: string, pseudonym: string): Promise<number>;
  /**
   * Retention: deletes every event with `at < before`. Returns how many it deleted.
   */
  deleteOlderThan(before: Date): Promise<number>;
}

/** Every repository of the foundation. Functions take only the ones they use. */
export interface Repositories {
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly refreshTokens: RefreshTokenRepo;
  readonly verificationTokens: VerificationTokenRepo;
  readonly pendingSignUps: PendingSignUpRepo;
  readonly auditLog: AuditLogRepo;
  /** TOTP factors, backup codes and second-factor attempt counts. */
  readonly mfa: MfaRepo;
  readonly oauthAccounts: OAuthAccountRepo;
  readonly apiKeys: ApiKeyRepo;
  readonly organizations: OrganizationRepo;
  /** Passkey (WebAuthn) challenges and credentials. */
  readonly passkeys: PasskeyRepo;
}
