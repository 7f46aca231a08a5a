/** Bearer-mode token routes: refresh-token rotation and revocation. */
import { bodyObject, textField } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import type { PublicRoute } from './route.ts';

const refresh: PublicRoute = {
  method: 'POST',
  path: '/refresh',
  authenticated: false,
  async run({ auth, options, req, context }) {
    const body = bodyObject(req.body);
    const rotated = await auth.rotateRefreshToken({
      refreshToken: textField(body, 'refreshToken'),
      context,
    });
    if (!rotated.ok) return failureResponse('refresh', rotated.reason);
    const { session } = rotated;
    const access = await auth.internal.issueAccessToken({
      userId: session.userId,
      sessionId: session.id,
      aal: session.aal,
      scopes: options.scopes,
    });
    return jsonResponse(200, {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: rotated.refreshToken,
      refreshTokenExpiresAt: rotated.expiresAt,
    });
  },
};

/**
 * Sign-out for a bearer client holding only its refresh token (its access token may have
 * expired). Like RFC 7009 §2.2 the answer is the same for any token.
 */
const revokeRefresh: PublicRoute = {
  method: 'POST',
  path: '/refresh/revoke',
  authenticated: false,
  async run({ auth, req, context }) {
    const body = bodyObject(req.body);
    await auth.revokeRefreshToken({ refreshToken: textField(body, 'refreshToken'), context });
    return emptyResponse(204);
  },
};

export const tokenRoutes = [refresh, revokeRefresh] as const;
