/**
 * Managing an organization: its pending invitations, its members' roles, its deletion.
 * The acting user is the caller from the session or token; non-members get 404 for all.
 */
import { bodyObject, textField } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import type { PrivateRoute } from './route.ts';
import { stepUpRefusal } from './step-up.ts';

const listInvitations: PrivateRoute = {
  method: 'GET',
  path: '/organizations/:id/invitations',
  authenticated: true,
  async run({ auth, params }, { principal }) {
    const result = await auth.listInvitations({
      organizationId: params.id ?? '',
      userId: principal.userId,
    });
    if (!result.ok) return failureResponse('organization', result.reason);
    return jsonResponse(200, { invitations: result.invitations, truncated: result.truncated });
  },
};

const revokeInvitation: PrivateRoute = {
  method: 'DELETE',
  path: '/organizations/:id/invitations/:invitationId',
  authenticated: true,
  async run({ auth, params, context }, { principal }) {
    const result = await auth.revokeInvitation({
      organizationId: params.id ?? '',
      userId: principal.userId,
      invitationId: params.invitationId ?? '',
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('organization', result.reason);
  },
};

const changeMemberRole: PrivateRoute = {
  method: 'POST',
  path: '/organizations/:id/members/:userId/role',
  authenticated: true,
  async run({ auth, req, params, context }, { principal }) {
    const role = textField(bodyObject(req.body), 'role');
    const result = await auth.changeMemberRole({
      organizationId: params.id ?? '',
      userId: principal.userId,
      memberId: params.userId ?? '',
      // A string is all this layer checks: core refuses any role but these two (400).
      role: role as 'admin' | 'member',
      context,
    });
    if (!result.ok) return failureResponse('changeMemberRole', result.reason);
    return jsonResponse(200, { member: result.member });
  },
};

const deleteOrganization: PrivateRoute = {
  method: 'DELETE',
  path: '/organizations/:id',
  authenticated: true,
  async run(ctx, caller) {
    // Destructive and final: a user with a second factor proves it recently first.
    const refused = await stepUpRefusal(ctx, caller);
    if (refused) return refused;
    const result = await ctx.auth.deleteOrganization({
      organizationId: ctx.params.id ?? '',
      userId: caller.principal.userId,
      context: ctx.context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('organization', result.reason);
  },
};

export const organizationManagementRoutes = [
  listInvitations,
  revokeInvitation,
  changeMemberRole,
  deleteOrganization,
] as const;
