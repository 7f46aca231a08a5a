/**
 * The admin API: operators list, inspect and act on users. Every route authenticates like
 * any signed-in route, then asks the app's `adminPolicy` (default: nobody). Every call,
 * reads included, passes the operator as `actorId`, so its audit event names who acted.
 * The destructive ones (ban, soft-delete, erase, revoke sessions) also need `stepUp`'s
 * recent aal2 session from an operator who has a second factor.
 */
import type { RequestContext } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { bodyObject, field } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse, problemResponse } from '../responses.ts';
import type { HttpResponse } from '../types.ts';
import type { Caller, PrivateRoute, RouteContext } from './route.ts';
import { stepUpRefusal } from './step-up.ts';

/** The request's context with the operator as `actorId`. */
interface OperatorContext extends RequestContext {
  readonly actorId: string;
}

interface AdminAction {
  readonly method: PrivateRoute['method'];
  readonly path: string;
  /** Ends or removes something of the user's: asks for a step-up (see `stepUpRefusal`). */
  readonly destructive?: true;
  run(ctx: RouteContext, userId: string, actor: OperatorContext): Promise<HttpResponse>;
}

/** An admin route: authorised by `adminPolicy`, with the operator in the audit context. */
function adminRoute(action: AdminAction): PrivateRoute {
  return {
    method: action.method,
    path: action.path,
    authenticated: true,
    async run(ctx, caller: Caller) {
      const allowed = await ctx.options.adminPolicy({
        principal: caller.principal,
        request: ctx.req,
      });
      if (allowed !== true) return problemResponse('forbidden');
      if (action.destructive) {
        const refused = await stepUpRefusal(ctx, caller);
        if (refused) return refused;
      }
      const userId = ctx.params.id ?? '';
      return action.run(ctx, userId, { ...ctx.context, actorId: caller.principal.userId });
    },
  };
}

/** An optional body: the admin writes that take no fields accept an empty request. */
function optionalBody(body: unknown): Readonly<Record<string, unknown>> {
  return body === undefined ? {} : bodyObject(body);
}

function optional<T>(
  body: Readonly<Record<string, unknown>>,
  name: string,
  type: string,
): T | undefined {
  const value = field(body, name);
  if (value === undefined || typeof value === type) return value as T | undefined;
  throw new InputError([{ field: name, problem: 'invalid_type' }]);
}

const searchUsers = adminRoute({
  method: 'POST',
  path: '/admin/users/search',
  async run({ auth, req }, _userId, context) {
    const body = optionalBody(req.body);
    const emailContains = optional<string>(body, 'emailContains', 'string');
    const cursor = optional<string>(body, 'cursor', 'string');
    const limit = optional<number>(body, 'limit', 'number');
    const includeDeleted = optional<boolean>(body, 'includeDeleted', 'boolean');
    const page = await auth.searchUsers({
      actorId: context.actorId,
      context,
      ...(emailContains === undefined ? {} : { emailContains }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(limit === undefined ? {} : { limit }),
      ...(includeDeleted === undefined ? {} : { includeDeleted }),
    });
    return jsonResponse(200, page);
  },
});

const viewUser = adminRoute({
  method: 'GET',
  path: '/admin/users/:id',
  async run({ auth }, userId, context) {
    const view = await auth.inspectUser({ userId, actorId: context.actorId, context });
    return view ? jsonResponse(200, view) : problemResponse('not_found');
  },
});

/** The user after a moderation step, or 404 when there is none. */
function userOr404(user: unknown): HttpResponse {
  return user ? jsonResponse(200, { user }) : problemResponse('not_found');
}

const ban = adminRoute({
  method: 'POST',
  path: '/admin/users/:id/ban',
  destructive: true,
  async run({ auth, req }, userId, context) {
    const reason = optional<string>(optionalBody(req.body), 'reason', 'string');
    return userOr404(
      await auth.banUser({ userId, context, ...(reason === undefined ? {} : { reason }) }),
    );
  },
});

const unban = adminRoute({
  method: 'POST',
  path: '/admin/users/:id/unban',
  async run({ auth }, userId, context) {
    return userOr404(await auth.unbanUser({ userId, context }));
  },
});

const softDelete = adminRoute({
  method: 'POST',
  path: '/admin/users/:id/soft-delete',
  destructive: true,
  async run({ auth }, userId, context) {
    return userOr404(await auth.softDeleteUser({ userId, context }));
  },
});

/** Permanent deletion runs every data-subject hook, like a user's own confirmed deletion. */
const erase = adminRoute({
  method: 'DELETE',
  path: '/admin/users/:id',
  destructive: true,
  async run({ auth }, userId, context) {
    if (!(await auth.getUser({ userId }))) return problemResponse('not_found');
    const erased = await auth.eraseAccount({ userId, context });
    if (!erased.ok) return failureResponse('eraseAccount', erased.reason);
    const { report } = erased;
    const complete = report.every((item) => item.status === 'purged');
    return jsonResponse(200, { status: complete ? 'deleted' : 'incomplete', report });
  },
});

const revokeSessions = adminRoute({
  method: 'POST',
  path: '/admin/users/:id/revoke-sessions',
  destructive: true,
  async run({ auth }, userId, context) {
    if (!(await auth.getUser({ userId }))) return problemResponse('not_found');
    const count = await auth.revokeAllSessions({ userId, context });
    return jsonResponse(200, { revoked: count });
  },
});

const resendVerification = adminRoute({
  method: 'POST',
  path: '/admin/users/:id/resend-verification',
  async run({ auth }, userId, context) {
    const user = await auth.getUser({ userId });
    if (!user || user.deletedAt) return problemResponse('not_found');
    // Same answer whether or not a mail left (verified already, cooldown): core decides.
    await auth.requestEmailVerification({ email: user.email, context });
    return emptyResponse(202);
  },
});

export const adminRoutes = [
  searchUsers,
  viewUser,
  erase,
  ban,
  unban,
  softDelete,
  revokeSessions,
  resendVerification,
] as const;
