// docs/getting-started.md:186
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
const session = await auth.validateSession({ sessionToken: cookies.session });
if (!session.ok) return reply(401); // 'invalid' | 'expired' | 'idle_timeout'
request.userId = session.session.userId;
}
