// docs/getting-started.md:120
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
// POST /verify-email
const result = await auth.verifyEmail({ email: body.email, code: body.code });
if (!result.ok) return reply(400, result.reason); // always 'invalid': see concepts.md
}
