import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate.ts';
import { errorCode, httpHarness, request } from './test-support/harness.ts';
import type { Bearer, Harness } from './test-support/organizations.ts';
import { as, join, organization } from './test-support/organizations.ts';

/** An organization with an owner, an admin and a plain member, each signed in by bearer. */
async function team(h: Harness) {
  const owner = await h.bearerUser();
  const admin = await h.bearerUser();
  const member = await h.bearerUser();
  const id = await organization(h, owner);
  await join(h, id, owner, admin, 'admin');
  await join(h, id, owner, member);
  return { owner, admin, member, id };
}

async function invite(h: Harness, id: string, inviter: Bearer, email: string) {
  const response = await h.send({
    method: 'POST',
    path: `/organizations/${id}/invitations`,
    headers: as(inviter),
    body: { email },
  });
  expect(response.status).toBe(201);
  const invitationId = (response.body as { invitation: { id: string } }).invitation.id;
  return { invitationId, token: h.lastMail('organization_invitation', email).token };
}

function setRole(h: Harness, id: string, who: Bearer, memberId: string, role: unknown) {
  return h.send({
    method: 'POST',
    path: `/organizations/${id}/members/${memberId}/role`,
    headers: as(who),
    body: { role },
  });
}

describe('pending invitations over HTTP', () => {
  it('admins list them without the token; members get 403; outsiders 404', async () => {
    const h = httpHarness();
    const { owner, admin, member, id } = await team(h);
    const outsider = await h.bearerUser();
    const { token } = await invite(h, id, owner, 'pending@example.com');
    const listed = await h.send({ path: `/organizations/${id}/invitations`, headers: as(admin) });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      truncated: false,
      invitations: [{ email: 'pending@example.com', role: 'member', invitedBy: owner.userId }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(
      Object.keys((listed.body as { invitations: object[] }).invitations[0] ?? {}).sort(),
    ).toEqual(['createdAt', 'email', 'expiresAt', 'id', 'invitedBy', 'organizationId', 'role']);
    const byMember = await h.send({
      path: `/organizations/${id}/invitations`,
      headers: as(member),
    });
    expect(byMember.status).toBe(403);
    expect(errorCode(byMember)).toBe('forbidden');
    const byOutsider = await h.send({
      path: `/organizations/${id}/invitations`,
      headers: as(outsider),
    });
    expect(byOutsider.status).toBe(404);
  });

  it('a revoked invitation is dead; members cannot revoke; another tenant’s id is 404', async () => {
    const h = httpHarness();
    const { owner, admin, member, id } = await team(h);
    const invitee = await h.bearerUser();
    const other = await h.bearerUser();
    const otherId = await organization(h, other, 'Other');
    const { invitationId, token } = await invite(h, id, owner, invitee.email);
    const revoke = (who: Bearer, organizationId: string) =>
      h.send({
        method: 'DELETE',
        path: `/organizations/${organizationId}/invitations/${invitationId}`,
        headers: as(who),
      });
    expect((await revoke(member, id)).status).toBe(403);
    expect((await revoke(other, otherId)).status).toBe(404);
    expect((await revoke(admin, id)).status).toBe(204);
    expect((await revoke(admin, id)).status).toBe(404);
    const accepted = await h.send({
      method: 'POST',
      path: '/organization-invitations/accept',
      headers: as(invitee),
      body: { token },
    });
    expect(accepted.status).toBe(400);
    expect(errorCode(accepted)).toBe('invalid');
  });
});

describe('changing roles over HTTP', () => {
  it('the owner promotes a member; the new admin then can list invitations', async () => {
    const h = httpHarness();
    const { owner, member, id } = await team(h);
    const promoted = await setRole(h, id, owner, member.userId, 'admin');
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ member: { userId: member.userId, role: 'admin' } });
    expect(
      (await h.send({ path: `/organizations/${id}/invitations`, headers: as(member) })).status,
    ).toBe(200);
  });

  it('attacks: an admin promoting themselves or demoting the owner or another admin, a member promoting themselves', async () => {
    const h = httpHarness();
    const { owner, admin, member, id } = await team(h);
    const otherAdmin = await h.bearerUser();
    await join(h, id, owner, otherAdmin, 'admin');
    for (const [who, target, role] of [
      [admin, admin, 'admin'],
      [admin, owner, 'member'],
      [admin, owner, 'admin'],
      [admin, otherAdmin, 'member'],
      [member, member, 'admin'],
      [owner, owner, 'member'],
    ] as const) {
      const response = await setRole(h, id, who, target.userId, role);
      expect(response.status, `${role} by ${who.email}`).toBe(403);
      expect(errorCode(response)).toBe('forbidden');
    }
    for (const role of ['owner', 'Owner', '', 7, null]) {
      const response = await setRole(h, id, admin, admin.userId, role);
      expect(response.status, String(role)).toBe(400);
    }
    // A body naming someone else as the actor changes nothing: the caller acts.
    const spoofed = await h.send({
      method: 'POST',
      path: `/organizations/${id}/members/${member.userId}/role`,
      headers: as(member),
      body: { role: 'admin', userId: owner.userId },
    });
    expect(spoofed.status).toBe(403);
    const members = await h.send({ path: `/organizations/${id}/members`, headers: as(owner) });
    const roles = (members.body as { members: { userId: string; role: string }[] }).members;
    expect(Object.fromEntries(roles.map((m) => [m.userId, m.role]))).toEqual({
      [owner.userId]: 'owner',
      [admin.userId]: 'admin',
      [otherAdmin.userId]: 'admin',
      [member.userId]: 'member',
    });
  });
});

describe('deleting an organization over HTTP', () => {
  it('only its owner deletes it; an outsider gets the same 404 as for an unknown id', async () => {
    const h = httpHarness();
    const { owner, admin, id } = await team(h);
    const stranger = await h.bearerUser();
    await organization(h, stranger, 'Mine');
    const remove = (who: Bearer, organizationId = id) =>
      h.send({ method: 'DELETE', path: `/organizations/${organizationId}`, headers: as(who) });
    const foreign = await remove(stranger);
    const unknown = await remove(stranger, 'org_does_not_exist');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect((await remove(admin)).status).toBe(403);
    expect((await remove(owner)).status).toBe(204);
    expect((await remove(owner)).status).toBe(404);
  });

  it('a tenant token of a deleted organization is refused (strict bearer); plain tokens still work', async () => {
    const h = httpHarness();
    const { owner, member, id } = await team(h);
    const switched = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(member),
    });
    const tenant = {
      authorization: `Bearer ${(switched.body as { accessToken: string }).accessToken}`,
    };
    expect((await h.send({ path: `/organizations/${id}/members`, headers: tenant })).status).toBe(
      200,
    );
    expect(
      (await h.send({ method: 'DELETE', path: `/organizations/${id}`, headers: as(owner) })).status,
    ).toBe(204);

    const refused = await h.send({ path: '/organizations', headers: tenant });
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('invalid_token');
    const authenticate = createAuthenticator(h.auth, h.httpOptions);
    const app = await authenticate(request({ path: '/api/x', headers: tenant }));
    expect(app.ok ? 200 : app.response.status).toBe(401);
    expect((await h.send({ path: '/organizations', headers: as(member) })).body).toEqual({
      organizations: [],
    });
  });

  it('stateless bearer: app routes see the claim until it expires; auth routes refuse it now', async () => {
    const h = httpHarness({ http: { bearer: 'stateless' } });
    const { owner, member, id } = await team(h);
    const switched = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(member),
    });
    const tenant = {
      authorization: `Bearer ${(switched.body as { accessToken: string }).accessToken}`,
    };
    expect(
      (await h.send({ method: 'DELETE', path: `/organizations/${id}`, headers: as(owner) })).status,
    ).toBe(204);
    // The documented lag of stateless mode: the signed claim stands until `exp`.
    const authenticate = createAuthenticator(h.auth, h.httpOptions);
    const app = await authenticate(request({ path: '/api/x', headers: tenant }));
    expect(app.ok && app.principal.organization?.id).toBe(id);
    // The organization routes always authenticate strictly.
    for (const init of [
      { path: `/organizations/${id}/members` },
      { method: 'POST', path: `/organizations/${id}/switch` },
      { method: 'DELETE', path: `/organizations/${id}` },
    ] as const) {
      const response = await h.send({ ...init, headers: tenant });
      expect(response.status, init.path).toBe(401);
    }
  });

  it('a demoted admin’s tenant token stops working at once (strict bearer)', async () => {
    const h = httpHarness();
    const { owner, admin, id } = await team(h);
    const switched = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(admin),
    });
    const tenant = {
      authorization: `Bearer ${(switched.body as { accessToken: string }).accessToken}`,
    };
    expect(
      (await h.send({ path: `/organizations/${id}/invitations`, headers: tenant })).status,
    ).toBe(200);
    expect((await setRole(h, id, owner, admin.userId, 'member')).status).toBe(200);
    expect((await h.send({ path: `/organizations/${id}/members`, headers: tenant })).status).toBe(
      401,
    );
    const again = await h.send({
      method: 'POST',
      path: `/organizations/${id}/switch`,
      headers: as(admin),
    });
    expect(again.body).toMatchObject({ organization: { id, role: 'member' } });
  });

  it('a user with a second factor steps up first; a fresh aal2 session may delete', async () => {
    const h = httpHarness({ http: { stepUp: { maxAge: 600 } } });
    const owner = await h.bearerUser();
    const id = await organization(h, owner);
    const enrolled = await h.auth.enrolTotp({
      userId: owner.userId,
      currentSessionId: owner.sessionId,
    });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const code = () =>
      TOTP.generate({
        secret: Secret.fromBase32(enrolled.secret),
        timestamp: h.clock.now().getTime(),
      });
    const confirmed = await h.auth.confirmTotp({
      userId: owner.userId,
      code: code(),
      currentSessionId: owner.sessionId,
    });
    if (!confirmed.ok) throw new Error(confirmed.reason);

    const refused = await h.send({
      method: 'DELETE',
      path: `/organizations/${id}`,
      headers: as(owner),
    });
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('step_up_required');
    expect((await h.auth.listOrganizations({ userId: owner.userId })).map((o) => o.id)).toEqual([
      id,
    ]);

    const signIn = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: owner.email, password: owner.password, mode: 'bearer' },
    });
    const { challengeToken } = signIn.body as { challengeToken: string };
    const completed = await h.send({
      method: 'POST',
      path: '/sign-in/mfa',
      body: {
        challengeToken,
        method: 'backup_code',
        code: confirmed.backupCodes[0],
        mode: 'bearer',
      },
    });
    const { accessToken } = completed.body as { accessToken: string };
    const deleted = await h.send({
      method: 'DELETE',
      path: `/organizations/${id}`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(deleted.status).toBe(204);
  });
});

describe('organization management: id enumeration', () => {
  it('an outsider gets one identical 404 for an existing organization and an unknown id on every new route', async () => {
    const h = httpHarness();
    const { owner, member, id } = await team(h);
    const outsider = await h.bearerUser();
    const { invitationId } = await invite(h, id, owner, 'x@example.com');
    const probes = (organizationId: string) => [
      { path: `/organizations/${organizationId}/invitations` },
      { method: 'DELETE', path: `/organizations/${organizationId}/invitations/${invitationId}` },
      {
        method: 'POST',
        path: `/organizations/${organizationId}/members/${member.userId}/role`,
        body: { role: 'admin' },
      },
      { method: 'DELETE', path: `/organizations/${organizationId}` },
    ];
    const known = probes(id);
    const unknown = probes('org_unknown_0000');
    for (let i = 0; i < known.length; i++) {
      const a = await h.send({ ...known[i], headers: as(outsider) } as Parameters<
        Harness['send']
      >[0]);
      const b = await h.send({ ...unknown[i], headers: as(outsider) } as Parameters<
        Harness['send']
      >[0]);
      expect(a.status, known[i]?.path).toBe(404);
      expect(a.body).toEqual(b.body);
    }
    // Inside the organization, an unknown member or invitation is 404 too, not 403.
    expect((await setRole(h, id, owner, outsider.userId, 'admin')).status).toBe(404);
    const gone = await h.send({
      method: 'DELETE',
      path: `/organizations/${id}/invitations/unknown_invitation`,
      headers: as(owner),
    });
    expect(gone.status).toBe(404);
  });
});
