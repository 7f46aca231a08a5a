// docs/getting-started.md:110
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
// POST /sign-up
await auth.signUp({ email: body.email, password: body.password, context: { ip, userAgent } });
// Always { ok: true }, whether or not the address was already registered.
}
