/** The user's own data rights: download everything, delete the account (GDPR art. 15, 17, 20). */
import { bodyObject, textField } from '../body.ts';
import { clearSessionCookie } from '../cookies.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PrivateRoute, PublicRoute } from './route.ts';

const exportAccount: PrivateRoute = {
  method: 'GET',
  path: '/account/export',
  authenticated: true,
  managesAccount: true,
  async run({ auth, context }, { principal }) {
    const document = await auth.exportAccount({ userId: principal.userId, context });
    return jsonResponse(200, document, {
      headers: { 'content-disposition': 'attachment; filename="account-export.json"' },
    });
  },
};

const requestDeletion: PrivateRoute = {
  method: 'POST',
  path: '/account/delete',
  authenticated: true,
  managesAccount: true,
  async run({ auth, context }, { principal }) {
    const result = await auth.requestAccountDeletion({
      userId: principal.userId,
      sessionId: principal.sessionId,
      context,
    });
    if (!result.ok) return failureResponse('requestAccountDeletion', result.reason);
    return jsonResponse(202, { status: 'deletion_requested', expiresAt: result.expiresAt });
  },
};

/**
 * Public: the link in the mail is opened wherever the user reads mail, signed in or not.
 * The token proves the request; the answer clears this browser's session cookie, whose
 * session the deletion has ended.
 */
const confirmDeletion: PublicRoute = {
  method: 'POST',
  path: '/account/delete/confirm',
  authenticated: false,
  async run({ auth, options, req, context }) {
    const token = textField(bodyObject(req.body), 'token');
    const result = await auth.confirmAccountDeletion({ token, context });
    if (!result.ok) return failureResponse('confirmAccountDeletion', result.reason);
    const { ok: _ok, ...outcome } = result;
    return jsonResponse(200, outcome, { setCookies: [clearSessionCookie(options.cookie)] });
  },
};

export const lifecycleRoutes = [exportAccount, requestDeletion, confirmDeletion] as const;
