// docs/getting-started.md:219
import { expect, auth, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
export async function snippet() {

const t = createTestAuth({ repos: createMemoryRepositories() });
const user = await signedInUser(t); // signed up, verified by the mailed code, signed in
t.clock.advance(8 * 24 * 3600); // 8 days later the session is idle-expired
expect(await t.auth.validateSession(user.sessionToken)).toMatchObject({ ok: false });
expect(t.lastMail('email_verification_code', user.email).code).toMatch(/^\d{6}$/);
}
