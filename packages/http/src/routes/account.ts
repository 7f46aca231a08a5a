/** Routes for a signed-in caller: who am I, sign-out, sessions, password change. */
import { InputError } from '@portcullis/core';
import { bodyObject, textField } from '../body.ts';
import { clearSessionCookie } from '../cookies.ts';
import { emptyResponse, failureResponse, jsonResponse, problemResponse } from '../responses.ts';
import type { PrivateRoute } from './route.ts';
import { currentSession, stepUpRefusal } from './step-up.ts';

const me: PrivateRoute = {
  method: 'GET',
  path: '/me',
  authenticated: true,
  async run(ctx, caller) {
    const [user, session] = await Promise.all([
      ctx.auth.getUser({ userId: caller.principal.userId }),
      currentSession(ctx, caller),
    ]);
    if (!user || user.deletedAt || !session) return problemResponse('unauthenticated');
    return jsonResponse(200, { user, session });
  },
};

const signOut: PrivateRoute = {
  method: 'POST',
  path: '/sign-out',
  authenticated: true,
  async run({ auth, options, context }, { principal }) {
    // Also revokes the session's refresh-token family. A bearer caller's browser cookie (a
    // different session, if any) is left alone.
    await auth.revokeSession({ userId: principal.userId, sessionId: principal.sessionId, context });
    const cookieSession = principal.via === 'cookie';
    return emptyResponse(204, {
      setCookies: cookieSession ? [clearSessionCookie(options.cookie)] : [],
    });
  },
};

const listSessions: PrivateRoute = {
  method: 'GET',
  path: '/sessions',
  authenticated: true,
  async run({ auth }, { principal }) {
    const sessions = await auth.listSessions({ userId: principal.userId });
    return jsonResponse(200, { sessions, currentSessionId: principal.sessionId });
  },
};

const revokeSession: PrivateRoute = {
  method: 'DELETE',
  path: '/sessions/:id',
  authenticated: true,
  managesAccount: true,
  async run({ auth, options, params, context }, { principal }) {
    const sessionId = params.id;
    if (sessionId === undefined) throw new InputError([{ field: 'id', problem: 'required' }]);
    // Another user's session answers exactly like a missing one: no probing.
    const revoked = await auth.revokeSession({ userId: principal.userId, sessionId, context });
    if (!revoked) return problemResponse('not_found');
    const ownCookie = sessionId === principal.sessionId && principal.via === 'cookie';
    return emptyResponse(204, {
      setCookies: ownCookie ? [clearSessionCookie(options.cookie)] : [],
    });
  },
};

const revokeOthers: PrivateRoute = {
  method: 'POST',
  path: '/sessions/revoke-others',
  authenticated: true,
  managesAccount: true,
  async run({ auth, context }, { principal }) {
    await auth.revokeAllSessions({
      userId: principal.userId,
      exceptSessionId: principal.sessionId,
      context,
    });
    return emptyResponse(204);
  },
};

const changePassword: PrivateRoute = {
  method: 'POST',
  path: '/password/change',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, context } = ctx;
    const { principal } = caller;
    const body = bodyObject(req.body);
    const refused = await stepUpRefusal(ctx, caller);
    if (refused) return refused;
    const result = await auth.changePassword({
      userId: principal.userId,
      currentPassword: textField(body, 'currentPassword'),
      newPassword: textField(body, 'newPassword'),
      currentSessionId: principal.sessionId,
      context,
    });
    if (!result.ok) return failureResponse('changePassword', result.reason);
    return jsonResponse(200, { status: 'password_changed' });
  },
};

export const accountRoutes = [
  me,
  signOut,
  listSessions,
  revokeSession,
  revokeOthers,
  changePassword,
] as const;
