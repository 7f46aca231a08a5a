/**
 * The API-key repository. Kept beside the feature and re-exported by `repos.ts`.
 *
 * Keys are tenant-scoped: every method that reads or changes keys a caller manages takes
 * the owner, and a key of another owner is treated as absent. Only `findById` is not
 * scoped: it is how a presented key finds its row, and the secret (checked by core in
 * constant time) is what proves the presenter may use it.
 */

/** Who a key belongs to: one user, or one organization. The two never match each other. */
export type ApiKeyOwner =
  | { readonly userId: string; readonly organizationId?: undefined }
  | { readonly organizationId: string; readonly userId?: undefined };

/** A stored API key. The client holds `pcl_<id>.<secret>`; only `secretHash` is stored. */
export interface ApiKeyRecord {
  /** 128 random bits, base64url; also the visible part of the key (its prefix). */
  readonly id: string;
  /** The owning user, or `null` for a key of an organization. */
  readonly userId: string | null;
  /** The owning organization, or `null` for a key of a user. */
  readonly organizationId: string | null;
  /** A label chosen by the owner (no control characters, ≤ 100 characters). */
  readonly name: string;
  /** Hex HMAC-SHA256 of the 256-bit secret under a key derived from `config.secret`. */
  readonly secretHash: string;
  /** RFC 6749 §3.3 scope tokens the key grants. */
  readonly scopes: readonly string[];
  /** CIDR ranges (IPv4 or IPv6) requests must come from; empty: any address. */
  readonly allowedIps: readonly string[];
  /** Exact origins (`https://app.example.com`) requests must carry; empty: any or none. */
  readonly allowedOrigins: readonly string[];
  readonly createdAt: Date;
  /** `null`: never expires. Rotation moves it to the end of the overlap window. */
  readonly expiresAt: Date | null;
  /** Last successful use, written at most once per throttle interval. */
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  /** When it was replaced by `replacedBy`; it keeps working until `expiresAt`. */
  readonly rotatedAt: Date | null;
  readonly replacedBy: string | null;
}

/** What `ApiKeyRepo.rotate` writes. */
export interface ApiKeyRotation {
  readonly owner: ApiKeyOwner;
  /** The key being replaced. */
  readonly id: string;
  /** Its successor, inserted in the same step. */
  readonly successor: ApiKeyRecord;
  readonly now: Date;
  /** The old key's expiry is moved to this instant (or kept, when it is sooner). */
  readonly overlapUntil: Date;
}

export interface ApiKeyRepo {
  /**
   * Stores a new key. An id already in use, or an organization's key when the organization
   * does not exist (deleted meanwhile), throws `StorageError` having written nothing: a key
   * never outlives its organization.
   */
  create(key: ApiKeyRecord): Promise<void>;
  /** The key with this id, whoever owns it, or `null`. For verifying a presented key only. */
  findById(id: string): Promise<ApiKeyRecord | null>;
  /** Every key of the owner, revoked and expired ones included, newest first. */
  listByOwner(owner: ApiKeyOwner): Promise<readonly ApiKeyRecord[]>;
  /**
   * **Atomic**: sets `revokedAt = now` on key `id` if it belongs to `owner` and is not
   * revoked yet, returning the updated row; otherwise writes nothing and returns `null`
   * (unknown, another owner's, already revoked). Of concurrent calls at most one gets the row.
   */
  revoke(owner: ApiKeyOwner, id: string, now: Date): Promise<ApiKeyRecord | null>;
  /**
   * **Atomic** rotation, as one step: if key `id` belongs to `owner` and is live (not
   * revoked, not rotated, `expiresAt` null or after `now`), sets its `rotatedAt = now`,
   * `replacedBy = successor.id` and `expiresAt` to the sooner of itself and
   * `overlapUntil`, and inserts `successor`. Returns the old key as updated, or `null`
   * having written nothing. Of concurrent rotations of one key at most one succeeds, so a
   * key never has two successors. An organization's key whose organization is gone, or is
   * deleted concurrently, gets no successor (`null`), or the successor goes with it.
   */
  rotate(rotation: ApiKeyRotation): Promise<ApiKeyRecord | null>;
  /**
   * Throttled use record: sets `lastUsedAt = at` only if it is `null` or at or
   * before `staleBefore`, so a busy key costs one write per interval. Never moves it backwards.
   */
  touch(id: string, at: Date, staleBefore: Date): Promise<void>;
}
