// docs/getting-started.md:148
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
// POST /verify-email
const result = await auth.verifyEmail({ email, code });
if (!result.ok) return reply(400, result.reason); // always 'invalid': see concepts.md
}
