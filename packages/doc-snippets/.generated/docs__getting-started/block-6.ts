// docs/getting-started.md:132
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { InputError } from '@portcullis/core';
export async function snippet() {

try {
  await auth.signUp(body);
} catch (error) {
  if (error instanceof InputError) return reply(400, error.issues);
  throw error;
}
}
