// docs/getting-started.md:157
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
const session = await auth.validateSession(cookies.session);
if (!session.ok) return reply(401); // 'malformed' | 'invalid' | 'expired' | 'idle_timeout'
request.userId = session.session.userId;
}
