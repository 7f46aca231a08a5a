// docs/getting-started.md:161
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { InputError } from '@portcullis/core';
export async function snippet() {

try {
  await auth.signUp({ email, password });
} catch (error) {
  if (error instanceof InputError) return reply(400, error.issues);
  throw error;
}
}
