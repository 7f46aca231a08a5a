import type { InvitationRecord, MembershipRecord, OrganizationRecord } from '@portcullis/core';
import type { Row } from './client.ts';
import { tableColumns } from './columns.ts';
import { date, dateOrNull, textOrNull } from './rows.ts';

export const organizationTable = tableColumns<OrganizationRecord>({
  id: ['id', 'text'],
  name: ['name', 'text'],
  ownerId: ['owner_id', 'text'],
  createdAt: ['created_at', 'timestamptz'],
});

export function toOrganization(row: Row): OrganizationRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    createdAt: date(row.created_at),
  };
}

export const membershipTable = tableColumns<MembershipRecord>({
  organizationId: ['organization_id', 'text'],
  userId: ['user_id', 'text'],
  role: ['role', 'text'],
  status: ['status', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  updatedAt: ['updated_at', 'timestamptz'],
});

export function toMembership(row: Row): MembershipRecord {
  return {
    organizationId: String(row.organization_id),
    userId: String(row.user_id),
    role: row.role === 'admin' ? 'admin' : 'member',
    status: row.status === 'active' ? 'active' : 'removed',
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

export const invitationTable = tableColumns<InvitationRecord>({
  id: ['id', 'text'],
  organizationId: ['organization_id', 'text'],
  email: ['email', 'text'],
  emailKey: ['email_key', 'text'],
  role: ['role', 'text'],
  secretHash: ['secret_hash', 'text'],
  invitedBy: ['invited_by', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  expiresAt: ['expires_at', 'timestamptz'],
  acceptedAt: ['accepted_at', 'timestamptz'],
  acceptedBy: ['accepted_by', 'text'],
});

export function toInvitation(row: Row): InvitationRecord {
  return {
    id: String(row.id),
    organizationId: String(row.organization_id),
    email: String(row.email),
    emailKey: String(row.email_key),
    role: row.role === 'admin' ? 'admin' : 'member',
    secretHash: String(row.secret_hash),
    invitedBy: String(row.invited_by),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    acceptedAt: dateOrNull(row.accepted_at),
    acceptedBy: textOrNull(row.accepted_by),
  };
}
