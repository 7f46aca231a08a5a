// docs/getting-started.md:138
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
// POST /sign-up: `email` and `password` are the strings the form sent.
await auth.signUp({ email, password, context: { ip, userAgent } }, { metadata: { plan: 'free' } });
// Always { ok: true }, whether or not the address was already registered.
}
