// docs/getting-started.md:222
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
await auth.revokeSession({ userId, sessionId }); // this device
await auth.revokeAllSessions({ userId, exceptSessionId: currentSessionId }); // all the others
await auth.listSessions({ userId }); // for a "devices" page
await auth.revokeRefreshToken({ refreshToken }); // bearer sign-out

await auth.requestPasswordReset({ email }); // always { ok: true }
await auth.resetPassword({ token, newPassword }); // revokes every session
await auth.changePassword({ userId, currentPassword, newPassword, currentSessionId });
}
