// docs/getting-started.md:235
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
await auth.listUsers({ limit: 50, emailContains: 'example.com' });
await auth.setUserMetadata({ userId, metadata: { plan: 'pro' } }); // metadata only
await auth.banUser({ userId, reason: 'fraud' }); // ends every session
await auth.softDeleteUser({ userId });
await auth.deleteUserPermanently({ userId }); // cascades to all auth rows
}
