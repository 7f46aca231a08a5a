/** Organizations made over HTTP by bearer users, for the organization route tests. */
import { expect } from 'vitest';
import type { httpHarness } from './harness.ts';

export type Harness = ReturnType<typeof httpHarness>;
export type Bearer = Awaited<ReturnType<Harness['bearerUser']>>;

export const as = (user: Bearer) => ({ authorization: user.authorization });

export async function organization(h: Harness, owner: Bearer, name = 'Acme') {
  const response = await h.send({
    method: 'POST',
    path: '/organizations',
    headers: as(owner),
    body: { name },
  });
  expect(response.status).toBe(201);
  return (response.body as { organization: { id: string } }).organization.id;
}

export async function join(
  h: Harness,
  organizationId: string,
  inviter: Bearer,
  invitee: Bearer,
  role?: string,
) {
  const invited = await h.send({
    method: 'POST',
    path: `/organizations/${organizationId}/invitations`,
    headers: as(inviter),
    body: { email: invitee.email, ...(role ? { role } : {}) },
  });
  expect(invited.status).toBe(201);
  const { token } = h.lastMail('organization_invitation');
  const accepted = await h.send({
    method: 'POST',
    path: '/organization-invitations/accept',
    headers: as(invitee),
    body: { token },
  });
  expect(accepted.status).toBe(200);
}
