/**
 * Organizations for the signed-in user. The acting user is always the caller from the
 * session or access token; no body field names who acts.
 */
import { bodyObject, field, textField } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import { organizationManagementRoutes } from './organization-management.ts';
import type { PrivateRoute } from './route.ts';

const listOrganizations: PrivateRoute = {
  method: 'GET',
  path: '/organizations',
  authenticated: true,
  async run({ auth }, { principal }) {
    const organizations = await auth.listOrganizations({ userId: principal.userId });
    return jsonResponse(200, { organizations });
  },
};

const createOrganization: PrivateRoute = {
  method: 'POST',
  path: '/organizations',
  authenticated: true,
  async run({ auth, req, context }, { principal }) {
    const name = textField(bodyObject(req.body), 'name');
    const result = await auth.createOrganization({ userId: principal.userId, name, context });
    if (!result.ok) return failureResponse('organization', result.reason);
    return jsonResponse(201, { organization: result.organization });
  },
};

const listMembers: PrivateRoute = {
  method: 'GET',
  path: '/organizations/:id/members',
  authenticated: true,
  async run({ auth, params }, { principal }) {
    const result = await auth.listMembers({
      organizationId: params.id ?? '',
      userId: principal.userId,
    });
    if (!result.ok) return failureResponse('organization', result.reason);
    return jsonResponse(200, { members: result.members });
  },
};

const inviteMember: PrivateRoute = {
  method: 'POST',
  path: '/organizations/:id/invitations',
  authenticated: true,
  async run({ auth, req, params, context }, { principal }) {
    const body = bodyObject(req.body);
    const role = field(body, 'role') === undefined ? undefined : textField(body, 'role');
    const result = await auth.inviteMember({
      organizationId: params.id ?? '',
      userId: principal.userId,
      email: textField(body, 'email'),
      // A string is all this layer checks: core refuses any role but these two (400).
      ...(role === undefined ? {} : { role: role as 'admin' | 'member' }),
      context,
    });
    if (!result.ok) return failureResponse('organization', result.reason);
    return jsonResponse(201, { invitation: result.invitation });
  },
};

const acceptInvitation: PrivateRoute = {
  method: 'POST',
  path: '/organization-invitations/accept',
  authenticated: true,
  async run({ auth, req, context }, { principal }) {
    const token = textField(bodyObject(req.body), 'token');
    const result = await auth.acceptInvitation({ userId: principal.userId, token, context });
    if (!result.ok) return failureResponse('acceptInvitation', result.reason);
    return jsonResponse(200, { organizationId: result.organizationId, role: result.role });
  },
};

const leaveOrganization: PrivateRoute = {
  method: 'POST',
  path: '/organizations/:id/leave',
  authenticated: true,
  async run({ auth, params, context }, { principal }) {
    const result = await auth.leaveOrganization({
      organizationId: params.id ?? '',
      userId: principal.userId,
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('organization', result.reason);
  },
};

const removeMember: PrivateRoute = {
  method: 'DELETE',
  path: '/organizations/:id/members/:userId',
  authenticated: true,
  async run({ auth, params, context }, { principal }) {
    const result = await auth.removeMember({
      organizationId: params.id ?? '',
      userId: principal.userId,
      memberId: params.userId ?? '',
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('organization', result.reason);
  },
};

const transferOwnership: PrivateRoute = {
  method: 'POST',
  path: '/organizations/:id/transfer',
  authenticated: true,
  async run({ auth, req, params, context }, { principal }) {
    const newOwnerId = textField(bodyObject(req.body), 'newOwnerId');
    const result = await auth.transferOwnership({
      organizationId: params.id ?? '',
      userId: principal.userId,
      newOwnerId,
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('organization', result.reason);
  },
};

const switchOrganization: PrivateRoute = {
  method: 'POST',
  path: '/organizations/:id/switch',
  authenticated: true,
  async run({ auth, params }, { principal }) {
    const result = await auth.switchOrganization({
      userId: principal.userId,
      sessionId: principal.sessionId,
      aal: principal.aal,
      scopes: principal.scopes,
      organizationId: params.id ?? '',
    });
    if (!result.ok) return failureResponse('organization', result.reason);
    return jsonResponse(200, {
      accessToken: result.token,
      accessTokenExpiresAt: result.expiresAt,
      organization: result.organization,
    });
  },
};

export const organizationRoutes = [
  listOrganizations,
  createOrganization,
  listMembers,
  inviteMember,
  acceptInvitation,
  leaveOrganization,
  removeMember,
  transferOwnership,
  switchOrganization,
  ...organizationManagementRoutes,
] as const;
