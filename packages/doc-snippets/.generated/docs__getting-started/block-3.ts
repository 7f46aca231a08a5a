// docs/getting-started.md:77
import { expect, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { createAuth } from '@portcullis/core';
import { createMemoryRepositories } from '@portcullis/adapter-memory';

export const auth = createAuth({
  config: {
    secret: process.env.AUTH_SECRET!, // ≥ 32 bytes
    issuer: 'https://example.com', // `iss` of access tokens
    audience: 'https://api.example.com', // `aud` of access tokens
    accessToken: { keys: [key] }, // first key signs; all verify
    // Everything else has secure defaults; see `AuthConfigInput` for each setting.
  },
  repos: createMemoryRepositories(),
  mailer: {
    // Queue the mail; render it in your own voice. `mail.to` is always the stored address.
    async send(mail) {
      await mailQueue.add(mail);
    },
  },
  auditSinks: [{ record: (event) => logger.info(event) }],
});
export {};
