// docs/getting-started.md:194
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
// Right after a successful signIn: the session was just checked.
const access = await auth.internal.issueAccessToken({
  userId: result.user.id,
  sessionId: result.session.id,
  aal: result.session.aal,
  scopes: ['read'],
});
const refresh = await auth.internal.issueRefreshToken({ session: result.session });
// Send access.token and refresh.refreshToken to the client.
}
