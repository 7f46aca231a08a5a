/** Organizations stored through the public repository API, for the contract files. */
import type { Repositories, UserRecord } from '@portcullis/core';
import { expect } from 'vitest';
import { atMinute } from './builders.ts';
import { givenUser } from './fixtures.ts';
import { aMembership, anInvitation, anOrganizationRecord } from './organization-builders.ts';

/** An organization of a fresh owner with `memberCount` fresh active members. */
export async function givenOrganization(repos: Repositories, memberCount = 0) {
  const owner = await givenUser(repos);
  const organization = anOrganizationRecord(owner.id);
  await repos.organizations.create(
    organization,
    aMembership(organization.id, owner.id, { role: 'admin' }),
  );
  const members: UserRecord[] = [];
  for (let i = 0; i < memberCount; i++) {
    const user = await givenUser(repos);
    // Members join through an invitation: the only way the repository adds one.
    const invitation = anInvitation(organization.id, user.emailKey);
    await repos.organizations.replaceInvitation(invitation);
    const joined = await repos.organizations.acceptInvitation({
      secretHash: invitation.secretHash,
      emailKey: user.emailKey,
      userId: user.id,
      now: atMinute(1 + i / 1000),
    });
    expect(joined).not.toBeNull();
    members.push(user);
  }
  return { owner, organization, members };
}

/** A fresh user who joins `organizationId` through an invitation with `role`. */
export async function givenMember(
  repos: Repositories,
  organizationId: string,
  role: 'admin' | 'member' = 'member',
): Promise<UserRecord> {
  const user = await givenUser(repos);
  const invitation = anInvitation(organizationId, user.emailKey, { role });
  await repos.organizations.replaceInvitation(invitation);
  const joined = await repos.organizations.acceptInvitation({
    secretHash: invitation.secretHash,
    emailKey: user.emailKey,
    userId: user.id,
    now: atMinute(1),
  });
  expect(joined?.membership.role).toBe(role);
  return user;
}
