import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';
import { errorCode, httpHarness, request } from './test-support/harness.ts';
import { as, join, organization } from './test-support/organizations.ts';

describe('organization routes', () => {
  it('create, list, invite, accept (signed in as the invitee), list members', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const invitee = await h.bearerUser();
    const id = await organization(h, owner);
    await join(h, id, owner, invitee);
    const members = await h.send({ path: `/organizations/${id}/members`, headers: as(invitee) });
    expect(members.status).toBe(200);
    const roles = (members.body as { members: { userId: string; role: string }[] }).members;
    expect(roles.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [owner.userId, 'owner'],
        [invitee.userId, 'member'],
      ].sort(),
    );
    const mine = await h.send({ path: '/organizations', headers: as(invitee) });
    expect(
      (mine.body as { organizations: { id: string }[] }).organizations.map((o) => o.id),
    ).toEqual([id]);
  });

  it('an invitation accepted by another signed-in account is 400 invalid and admits nobody', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const invitee = await h.bearerUser();
    const thief = await h.bearerUser();
    const id = await organization(h, owner);
    await h.send({
      method: 'POST',
      path: `/organizations/${id}/invitations`,
      headers: as(owner),
      body: { email: invitee.email },
    });
    const { token } = h.lastMail('organization_invitation');
    const stolen = await h.send({
      method: 'POST',
      path: '/organization-invitations/accept',
      headers: as(thief),
      body: { token },
    });
    expect(stolen.status).toBe(400);
    expect(errorCode(stolen)).toBe('invalid');
    const listed = await h.send({ path: `/organizations/${id}/members`, headers: as(thief) });
    expect(listed.status).toBe(404);
    // Not signed in at all: 401 before anything is looked up.
    const anonymous = await h.send({
      method: 'POST',
      path: '/organization-invitations/accept',
      body: { token },
    });
    expect(anonymous.status).toBe(401);
  });

  it('another tenant sees 404 for every organization it is not in, never 403', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const other = await h.bearerUser();
    const id = await organization(h, owner);
    await organization(h, other, 'Other');
    for (const request of [
      { path: `/organizations/${id}/members` },
      {
        method: 'POST',
        path: `/organizations/${id}/invitations`,
        body: { email: 'x@example.com' },
      },
      { method: 'DELETE', path: `/organizations/${id}/members/${owner.userId}` },
      { method: 'POST', path: `/organizations/${id}/transfer`, body: { newOwnerId: other.userId } },
      { method: 'POST', path: `/organizations/${id}/leave` },
    ]) {
      const response = await h.send({ ...request, headers: as(other) });
      expect(response.status, request.path).toBe(404);
    }
    const unknown = await h.send({ path: '/organizations/org_nope/members', headers: as(owner) });
    expect(unknown.status).toBe(404);
  });

  it('members get 403 forbidden for owner and admin actions; the owner cannot leave', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const member = await h.bearerUser();
    const id = await organization(h, owner);
    await join(h, id, owner, member);
    const invite = await h.send({
      method: 'POST',
      path: `/organizations/${id}/invitations`,
      headers: as(member),
      body: { email: 'x@example.com' },
    });
    expect(invite.status).toBe(403);
    expect(errorCode(invite)).toBe('forbidden');
    const transfer = await h.send({
      method: 'POST',
      path: `/organizations/${id}/transfer`,
      headers: as(member),
      body: { newOwnerId: member.userId },
    });
    expect(transfer.status).toBe(403);
    const leave = await h.send({
      method: 'POST',
      path: `/organizations/${id}/leave`,
      headers: as(owner),
    });
    expect(leave.status).toBe(403);
  });

  it('transfer then leave: the new owner owns it, the old one is gone', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const member = await h.bearerUser();
    const id = await organization(h, owner);
    await join(h, id, owner, member, 'admin');
    const transfer = await h.send({
      method: 'POST',
      path: `/organizations/${id}/transfer`,
      headers: as(owner),
      body: { newOwnerId: member.userId },
    });
    expect(transfer.status).toBe(204);
    expect(
      (await h.send({ method: 'POST', path: `/organizations/${id}/leave`, headers: as(owner) }))
        .status,
    ).toBe(204);
    const members = await h.send({ path: `/organizations/${id}/members`, headers: as(member) });
    expect((members.body as { members: { role: string }[] }).members.map((m) => m.role)).toEqual([
      'owner',
    ]);
  });

  it('refuses an unknown role and a non-string email with 400', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const id = await organization(h, owner);
    for (const body of [
      { email: 'x@example.com', role: 'owner' },
      { email: 42 },
      { email: 'x@example.com', role: 1 },
    ]) {
      const response = await h.send({
        method: 'POST',
        path: `/organizations/${id}/invitations`,
        headers: as(owner),
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('tenant tokens', () => {
  it('switching issues a token carrying org and org_role; requireAuth exposes it', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const member = await h.bearerUser();
    const id = await organization(h, owner);
    await join(h, id, owner, member);
    const switched = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(member),
    });
    expect(switched.status).toBe(200);
    const { accessToken, organization: org } = switched.body as {
      accessToken: string;
      organization: { id: string; role: string };
    };
    expect(org).toEqual({ id, role: 'member' });
    const verified = await h.auth.verifyAccessToken({ accessToken });
    expect(verified.ok && verified.claims.organization).toEqual({ id, role: 'member' });
    const authenticate = createAuthenticator(h.auth, h.httpOptions);
    const result = await authenticate(
      request({ path: '/api/x', headers: { authorization: `Bearer ${accessToken}` } }),
    );
    expect(result.ok && result.principal.organization).toEqual({ id, role: 'member' });
    // The token of the sign-in itself acts in no organization.
    const plain = await authenticate(request({ path: '/api/x', headers: as(member) }));
    expect(plain.ok && 'organization' in plain.principal).toBe(false);
  });

  it('a non-member cannot switch into an organization (404), whatever the body says', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const outsider = await h.bearerUser();
    const id = await organization(h, owner);
    const response = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(outsider),
      body: { userId: owner.userId },
    });
    expect(response.status).toBe(404);
  });

  it('a forged org claim fails the signature', async () => {
    const h = httpHarness();
    const owner = await h.bearerUser();
    const [header, payload = '', signature] = owner.accessToken.split('.');
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as object;
    const forged = btoa(JSON.stringify({ ...claims, org: 'org_x', org_role: 'owner' }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const result = await h.auth.verifyAccessToken({
      accessToken: `${header}.${forged}.${signature}`,
    });
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
