// docs/getting-started.md:210
import { expect, auth, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';

export async function snippet() {
const rotated = await auth.rotateRefreshToken({ refreshToken: body.refreshToken });
if (!rotated.ok) return reply(401, rotated.reason); // 'replay_detected' means a stolen token was used
const access = await auth.internal.issueAccessToken({
  userId: rotated.session.userId,
  sessionId: rotated.session.id,
  aal: rotated.session.aal,
});
}
