// docs/getting-started.md:174
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
const result = await auth.signIn({ email, password, context: { ip, userAgent } });
if (!result.ok) return reply(401, result.reason);
// 'invalid_credentials' | 'email_unverified' | 'account_banned'
if (result.status === 'mfa_required') return reply(200, { challenge: result.challengeToken });

// Browser: an HttpOnly, Secure, SameSite=Lax cookie.
setCookie('session', result.sessionToken, { httpOnly: true, secure: true, sameSite: 'lax' });
}
