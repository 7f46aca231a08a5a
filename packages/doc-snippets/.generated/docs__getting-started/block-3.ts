// docs/getting-started.md:79
import { expect, auth, keys, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { generateAccessTokenKey } from '@portcullis/core';
export async function snippet() {

const key = await generateAccessTokenKey('EdDSA', '2026-01'); // or 'ES256', 'HS256'
console.log(JSON.stringify(key)); // keep it in your secret store
}
