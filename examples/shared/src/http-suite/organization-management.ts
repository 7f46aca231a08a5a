/**
 * Managing an organization end to end on both apps: pending invitations listed (never a
 * token) and revoked, roles changed within each role's reach, and the owner deleting the
 * organization, after which its tenant tokens are refused. Attack cases: members and
 * admins reaching above their role, strangers probing ids, a revocation racing the accept.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, record, text } from './client.ts';
import type { Member } from './organizations.ts';
import { createOrganization, invitationToken, join, member } from './organizations.ts';

async function pendingIds(api: ApiClient, id: string, who: Member): Promise<string[]> {
  const listed = await api.request('GET', `/auth/organizations/${id}/invitations`, { as: who.as });
  expect(listed.status).toBe(200);
  return (record(listed.body).invitations as { id: string }[]).map((row) => row.id);
}

function accept(api: ApiClient, who: Member, token: string) {
  return api.request('POST', '/auth/organization-invitations/accept', {
    as: who.as,
    json: { token },
  });
}

function setRole(api: ApiClient, id: string, who: Member, memberId: string, role: unknown) {
  return api.request('POST', `/auth/organizations/${id}/members/${memberId}/role`, {
    as: who.as,
    json: { role },
  });
}

export function describeOrganizationManagement(api: () => ApiClient): void {
  describe('organization management', () => {
    it('lists pending invitations without tokens, 403 for members; a revoked link is dead', async () => {
      const owner = await member(api());
      const plain = await member(api());
      const invitee = await member(api());
      const id = await createOrganization(api(), owner);
      await join(api(), id, owner, plain);
      const token = await invitationToken(api(), id, owner, invitee.email);
      const listed = await api().request('GET', `/auth/organizations/${id}/invitations`, {
        as: owner.as,
      });
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(token);
      const [invitationId = ''] = await pendingIds(api(), id, owner);
      const byMember = await api().request('GET', `/auth/organizations/${id}/invitations`, {
        as: plain.as,
      });
      expect(byMember.status).toBe(403);
      const revokeByMember = await api().request(
        'DELETE',
        `/auth/organizations/${id}/invitations/${invitationId}`,
        {
          as: plain.as,
        },
      );
      expect(revokeByMember.status).toBe(403);
      const revoked = await api().request(
        'DELETE',
        `/auth/organizations/${id}/invitations/${invitationId}`,
        {
          as: owner.as,
        },
      );
      expect(revoked.status).toBe(204);
      const late = await accept(api(), invitee, token);
      expect(late.status).toBe(400);
      expect(errorCode(late)).toBe('invalid');
      expect(await pendingIds(api(), id, owner)).toEqual([]);
    });

    it('a revocation racing the acceptance: exactly one of the two succeeds', async () => {
      const owner = await member(api());
      const id = await createOrganization(api(), owner);
      for (let round = 0; round < 4; round++) {
        const invitee = await member(api());
        const token = await invitationToken(api(), id, owner, invitee.email);
        const [invitationId = ''] = await pendingIds(api(), id, owner);
        const [revoked, accepted] = await Promise.all([
          api().request('DELETE', `/auth/organizations/${id}/invitations/${invitationId}`, {
            as: owner.as,
          }),
          accept(api(), invitee, token),
        ]);
        expect([revoked.status, accepted.status].sort()).toEqual(
          revoked.status === 204 ? [204, 400] : [200, 404],
        );
      }
    });

    it('roles: the owner promotes; an admin cannot promote themselves or demote the owner', async () => {
      const owner = await member(api());
      const admin = await member(api());
      const plain = await member(api());
      const id = await createOrganization(api(), owner);
      await join(api(), id, owner, admin);
      await join(api(), id, owner, plain);
      const promoted = await setRole(api(), id, owner, admin.userId, 'admin');
      expect(promoted.status).toBe(200);
      expect(record(record(promoted.body).member).role).toBe('admin');
      expect((await setRole(api(), id, admin, admin.userId, 'admin')).status).toBe(403);
      expect((await setRole(api(), id, admin, owner.userId, 'member')).status).toBe(403);
      expect((await setRole(api(), id, admin, admin.userId, 'owner')).status).toBe(400);
      expect((await setRole(api(), id, plain, plain.userId, 'admin')).status).toBe(403);
      expect((await setRole(api(), id, admin, plain.userId, 'admin')).status).toBe(200);
    });

    it('deleting: a stranger gets the 404 of an unknown id; the owner deletes; its tenant token is refused', async () => {
      const owner = await member(api());
      const plain = await member(api());
      const stranger = await member(api());
      const id = await createOrganization(api(), owner);
      await join(api(), id, owner, plain);
      const switched = await api().request('POST', `/auth/organizations/${id}/switch`, {
        as: plain.as,
      });
      const tenant = { bearer: text(switched.body, 'accessToken') };
      const foreign = await api().request('DELETE', `/auth/organizations/${id}`, {
        as: stranger.as,
      });
      const unknown = await api().request('DELETE', '/auth/organizations/org_unknown_0000', {
        as: stranger.as,
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
      expect(
        (await api().request('DELETE', `/auth/organizations/${id}`, { as: plain.as })).status,
      ).toBe(403);
      expect(
        (await api().request('DELETE', `/auth/organizations/${id}`, { as: owner.as })).status,
      ).toBe(204);
      const refused = await api().request('GET', `/auth/organizations/${id}/members`, {
        as: tenant,
      });
      expect(refused.status).toBe(401);
      const mine = await api().request('GET', '/auth/organizations', { as: plain.as });
      expect(record(mine.body).organizations).toEqual([]);
    });
  });
}
