import type { InvitationRecord, MembershipRecord, OrganizationRecord } from '@portcullis/core';
import { atMinute, randomHash, uniqueTag } from './builders.ts';

/** An organization owned by `ownerId`, with a unique id, created at minute 0. */
export function anOrganizationRecord(
  ownerId: string,
  overrides: Partial<OrganizationRecord> = {},
): OrganizationRecord {
  return {
    id: `org_${uniqueTag()}`,
    name: `Org ${uniqueTag().slice(0, 6)}`,
    ownerId,
    createdAt: atMinute(0),
    ...overrides,
  };
}

/** An active `member` membership, created at minute 0. */
export function aMembership(
  organizationId: string,
  userId: string,
  overrides: Partial<MembershipRecord> = {},
): MembershipRecord {
  return {
    organizationId,
    userId,
    role: 'member',
    status: 'active',
    createdAt: atMinute(0),
    updatedAt: atMinute(0),
    ...overrides,
  };
}

/** A live invitation to `emailKey`, expiring at minute 60. */
export function anInvitation(
  organizationId: string,
  emailKey: string,
  overrides: Partial<InvitationRecord> = {},
): InvitationRecord {
  return {
    id: uniqueTag(),
    organizationId,
    email: emailKey,
    emailKey,
    role: 'member',
    secretHash: randomHash(),
    invitedBy: 'inviter',
    createdAt: atMinute(0),
    expiresAt: atMinute(60),
    acceptedAt: null,
    acceptedBy: null,
    ...overrides,
  };
}
