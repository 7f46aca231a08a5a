/**
 * Organizations end to end on both apps: an invitation mailed to the dev mailbox and
 * accepted by the invitee signed in (and by nobody else), tenants that cannot see or change
 * each other, one owner under concurrent transfers, and tenant tokens from a switch.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient, Credentials } from './client.ts';
import { errorCode, record, text } from './client.ts';
import { latestMail, signInWithBearer, verifiedUser } from './flows.ts';

export interface Member {
  readonly as: Credentials;
  readonly userId: string;
  readonly email: string;
}

export async function member(api: ApiClient): Promise<Member> {
  const { email, password } = await verifiedUser(api);
  const signedIn = await signInWithBearer(api, email, password);
  return { as: { bearer: signedIn.accessToken }, userId: signedIn.userId, email };
}

export async function createOrganization(api: ApiClient, owner: Member): Promise<string> {
  const response = await api.request('POST', '/auth/organizations', {
    as: owner.as,
    json: { name: 'Suite Inc' },
  });
  expect(response.status).toBe(201);
  return text(response.body, 'organization', 'id');
}

export async function invitationToken(api: ApiClient, id: string, inviter: Member, email: string) {
  const invited = await api.request('POST', `/auth/organizations/${id}/invitations`, {
    as: inviter.as,
    json: { email },
  });
  expect(invited.status).toBe(201);
  await expect
    .poll(
      async () =>
        (await latestMail(api, email, 'organization_invitation').catch(() => null)) !== null,
    )
    .toBe(true);
  return (await latestMail(api, email, 'organization_invitation')).token ?? '';
}

export async function join(api: ApiClient, id: string, inviter: Member, invitee: Member) {
  const token = await invitationToken(api, id, inviter, invitee.email);
  const accepted = await api.request('POST', '/auth/organization-invitations/accept', {
    as: invitee.as,
    json: { token },
  });
  expect(accepted.status).toBe(200);
}

export function describeOrganizations(api: () => ApiClient): void {
  describe('organizations', () => {
    it('invite by mail, accept signed in as the invitee; members see each other', async () => {
      const owner = await member(api());
      const invitee = await member(api());
      const id = await createOrganization(api(), owner);
      await join(api(), id, owner, invitee);
      const members = await api().request('GET', `/auth/organizations/${id}/members`, {
        as: invitee.as,
      });
      expect(members.status).toBe(200);
      const rows = record(members.body).members as { userId: string; role: string }[];
      expect(rows.map((row) => row.role).sort()).toEqual(['member', 'owner']);
    });

    it('an invitation proves nothing for another account, and works once', async () => {
      const owner = await member(api());
      const invitee = await member(api());
      const thief = await member(api());
      const id = await createOrganization(api(), owner);
      const token = await invitationToken(api(), id, owner, invitee.email);
      const accept = (who: Member) =>
        api().request('POST', '/auth/organization-invitations/accept', {
          as: who.as,
          json: { token },
        });
      const stolen = await accept(thief);
      expect(stolen.status).toBe(400);
      expect(errorCode(stolen)).toBe('invalid');
      expect((await accept(invitee)).status).toBe(200);
      expect((await accept(invitee)).status).toBe(400);
    });

    it('another tenant gets 404 for reads and writes; members get 403 for admin actions', async () => {
      const owner = await member(api());
      const plain = await member(api());
      const other = await member(api());
      const id = await createOrganization(api(), owner);
      await createOrganization(api(), other);
      await join(api(), id, owner, plain);
      const read = await api().request('GET', `/auth/organizations/${id}/members`, {
        as: other.as,
      });
      expect(read.status).toBe(404);
      const write = await api().request(
        'DELETE',
        `/auth/organizations/${id}/members/${plain.userId}`,
        {
          as: other.as,
        },
      );
      expect(write.status).toBe(404);
      const forbidden = await api().request('POST', `/auth/organizations/${id}/invitations`, {
        as: plain.as,
        json: { email: 'someone@example.com' },
      });
      expect(forbidden.status).toBe(403);
      expect(errorCode(forbidden)).toBe('forbidden');
    });

    it('of 8 concurrent transfers to 8 members exactly one succeeds', async () => {
      const owner = await member(api());
      const id = await createOrganization(api(), owner);
      const members: Member[] = [];
      for (let i = 0; i < 8; i++) {
        const next = await member(api());
        await join(api(), id, owner, next);
        members.push(next);
      }
      const results = await Promise.all(
        members.map((next) =>
          api().request('POST', `/auth/organizations/${id}/transfer`, {
            as: owner.as,
            json: { newOwnerId: next.userId },
          }),
        ),
      );
      expect(results.filter((response) => response.status === 204)).toHaveLength(1);
      const listed = await api().request('GET', `/auth/organizations/${id}/members`, {
        as: owner.as,
      });
      const roles = (record(listed.body).members as { role: string }[]).map((row) => row.role);
      expect(roles.filter((role) => role === 'owner')).toHaveLength(1);
    });

    it('switching issues a token carrying the organization; a non-member cannot switch', async () => {
      const owner = await member(api());
      const outsider = await member(api());
      const id = await createOrganization(api(), owner);
      const switched = await api().request('POST', `/auth/organizations/${id}/switch`, {
        as: owner.as,
      });
      expect(switched.status).toBe(200);
      expect(record(switched.body).organization).toEqual({ id, role: 'owner' });
      const payload = text(switched.body, 'accessToken').split('.')[1] ?? '';
      const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as object;
      expect(claims).toMatchObject({ org: id, org_role: 'owner' });
      const refused = await api().request('POST', `/auth/organizations/${id}/switch`, {
        as: outsider.as,
      });
      expect(refused.status).toBe(404);
    });
  });
}
