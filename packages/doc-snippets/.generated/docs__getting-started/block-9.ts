// docs/getting-started.md:165
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
const access = await auth.issueAccessToken({
  userId: result.user.id,
  sessionId: result.session.id,
  aal: result.session.aal,
  scopes: ['read'],
});
const refresh = await auth.issueRefreshToken({ session: result.session });
// Send access.token and refresh.refreshToken to the client.
}
