/**
 * The organization repository. Kept beside the feature and re-exported by `repos.ts`.
 *
 * Every method that reads or changes an organization's members or invitations takes the
 * organization id, and returns nothing of another organization. The owner is one column
 * of the organization (`ownerId`), so "exactly one owner" is structural: transfer is a
 * compare-and-set of that column, never two role updates that a race could interleave.
 */

/** Roles a membership stores. The owner is named by the organization, not by a role. */
export type StoredMemberRole = 'admin' | 'member';

/** A member's role as callers see it: the organization's owner is `owner`. */
export type MemberRole = 'owner' | StoredMemberRole;

/** A stored organization. */
export interface OrganizationRecord {
  readonly id: string;
  /** Display name (1 to 100 characters, no control characters). */
  readonly name: string;
  /** The one owner: a user with an active membership. */
  readonly ownerId: string;
  readonly createdAt: Date;
}

/** A user's membership of one organization. */
export interface MembershipRecord {
  readonly organizationId: string;
  readonly userId: string;
  /** Ignored while the user is the owner; what they fall back to after a transfer. */
  readonly role: StoredMemberRole;
  /** `removed`: left or was removed; kept so a later invitation can bring them back. */
  readonly status: 'active' | 'removed';
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An invitation by email: a membership in status `invited` until someone accepts it. */
export interface InvitationRecord {
  readonly id: string;
  readonly organizationId: string;
  /** The address as typed (NFKC); the invitation was mailed here. */
  readonly email: string;
  /** Lookup key (NFKC, lower-cased): only a user whose verified address has it may accept. */
  readonly emailKey: string;
  readonly role: StoredMemberRole;
  /** SHA-256 (hex) of the 256-bit invitation token. */
  readonly secretHash: string;
  /** The member who invited. */
  readonly invitedBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly acceptedBy: string | null;
}

/** A membership with its organization, for a user's own list. */
export interface OrganizationMembership {
  readonly organization: OrganizationRecord;
  readonly membership: MembershipRecord;
}

/** What `OrganizationRepo.acceptInvitation` needs. */
export interface InvitationAcceptance {
  readonly secretHash: string;
  /** The accepting user's verified address key: it must be the invitation's. */
  readonly emailKey: string;
  readonly userId: string;
  readonly now: Date;
}

/** What `OrganizationRepo.changeRole` compares and sets. */
export interface RoleChange {
  readonly organizationId: string;
  /** Who changes the role, and their role when the change was allowed. */
  readonly actorId: string;
  readonly actorRole: MemberRole;
  /** The member whose role changes: never the owner. */
  readonly userId: string;
  /** The member's stored role when the change was allowed. */
  readonly from: StoredMemberRole;
  readonly to: StoredMemberRole;
  readonly now: Date;
}

export interface OrganizationRepo {
  /**
   * **Atomic**: inserts the organization and its owner's active membership as one step.
   * An id already in use throws `StorageError` and writes neither.
   */
  create(organization: OrganizationRecord, owner: MembershipRecord): Promise<void>;
  findById(organizationId: string): Promise<OrganizationRecord | null>;
  /** The user's membership of this organization (any status), or `null`. */
  findMembership(organizationId: string, userId: string): Promise<MembershipRecord | null>;
  /** The organization's active memberships, oldest first. */
  listMembers(organizationId: string): Promise<readonly MembershipRecord[]>;
  /** Every organization the user is an active member of, oldest membership first. */
  listByUser(userId: string): Promise<readonly OrganizationMembership[]>;
  /**
   * **Atomic**: deletes the organization's unaccepted invitations for the same `emailKey`
   * and inserts `invitation`, so one address has at most one live invitation per
   * organization (inviting again replaces the previous link). Returns `false` having
   * written nothing when the organization does not exist (deleted meanwhile).
   */
  replaceInvitation(invitation: InvitationRecord): Promise<boolean>;
  /**
   * The organization's unaccepted invitations that have not expired at `now`, newest first,
   * at most `limit` of them.
   */
  listInvitations(
    organizationId: string,
    now: Date,
    limit: number,
  ): Promise<readonly InvitationRecord[]>;
  /**
   * Unaccepted invitations to `emailKey` that have not expired at `now`, in every
   * organization, newest first (what a person's data export shows).
   */
  listInvitationsTo(emailKey: string, now: Date): Promise<readonly InvitationRecord[]>;
  /**
   * **Atomic**: deletes the organization's invitation `invitationId` if nobody accepted it,
   * and returns it; `null` having deleted nothing. Against a concurrent `acceptInvitation`
   * of the same invitation exactly one of the two succeeds.
   */
  revokeInvitation(organizationId: string, invitationId: string): Promise<InvitationRecord | null>;
  /**
   * Deletes every invitation, in any organization and in any state, addressed to
   * `emailKey` (erasure of that person). Returns how many it deleted.
   */
  deleteInvitationsTo(emailKey: string): Promise<number>;
  /**
   * For the erasure of `userId`: deletes the unaccepted invitations they sent (as
   * `removeMember` does, so no one they invited joins after them), then replaces their id
   * by `pseudonym` wherever an accepted invitation names them as `invitedBy` or
   * `acceptedBy`, in every organization. An invitation of theirs accepted concurrently is
   * either withdrawn or unnamed, never left naming them. Idempotent (a retry finishes an
   * interrupted call). Returns how many invitations it deleted or changed (0 on a repeat).
   */
  eraseInvitationActor(userId: string, pseudonym: string): Promise<number>;
  /**
   * **Atomic** single use, as one step: marks accepted the unaccepted invitation whose
   * `secretHash` matches, if `expiresAt > now` and its `emailKey` is the acceptor's, and
   * makes the acceptor an active member with the invitation's role (reactivating a removed
   * membership; an active member keeps their role). Returns the invitation and the
   * membership, or `null` having written nothing. Of concurrent calls at most one succeeds.
   */
  acceptInvitation(acceptance: InvitationAcceptance): Promise<{
    readonly invitation: InvitationRecord;
    readonly membership: MembershipRecord;
  } | null>;
  /**
   * **Atomic**: sets the active membership of `userId` to `removed`, unless the user is the
   * organization's owner (checked in the same step, so a racing transfer cannot make a
   * removed member the owner), and deletes the member's pending invitations in the same
   * step, so no one they invited can still join. Returns whether it changed a row.
   */
  removeMember(organizationId: string, userId: string, now: Date): Promise<boolean>;
  /**
   * **Atomic** compare-and-set of the owner: if the organization's owner is `fromUserId`
   * and `toUserId` is an active member whose account is neither banned nor (soft-)deleted,
   * makes `toUserId` the owner and gives `fromUserId` the stored role `admin`, as one step.
   * Of concurrent transfers of one organization at most one succeeds, and a member removed,
   * banned or locked out for erasure concurrently never becomes the owner.
   */
  transferOwnership(
    organizationId: string,
    fromUserId: string,
    toUserId: string,
    now: Date,
  ): Promise<boolean>;
  /**
   * **Atomic** compare-and-set of a member's stored role: sets it to `to` only if, in the
   * same step, the member is active, not the owner and still has the role `from`, and the
   * actor is active and still holds `actorRole` (`owner`: is the organization's owner).
   * Returns the changed membership, or `null` having written nothing. A concurrent
   * removal, transfer or role change that breaks any of these makes it fail. An admin
   * made a member loses, in the same step, the pending invitations they sent for the
   * organization (as `removeMember` withdraws them): those were sent with a standing the
   * member no longer has.
   */
  changeRole(change: RoleChange): Promise<MembershipRecord | null>;
  /**
   * **Atomic**: if `ownerId` owns the organization, deletes it with every membership,
   * invitation and API key of it, as one step. Returns whether it deleted it. Against a
   * concurrent transfer exactly one succeeds; an invitation accepted concurrently either
   * fails or its membership goes with the organization.
   */
  deleteOrganization(organizationId: string, ownerId: string): Promise<boolean>;
}
