// docs/getting-started.md:68
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { deriveKeys } from '@portcullis/core';
export async function snippet() {

const keys = await deriveKeys(process.env.AUTH_SECRET!);
// keys.serverSecret → config.secret; keys.accessTokenSecret → an HS256 key's secret;
// keys.rateLimitSecret → createRateLimiter({ secret }).
}
