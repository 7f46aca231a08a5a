// docs/getting-started.md:93
import { expect, keys, key, mailQueue, logger, body, ip, userAgent, cookies, request, reply, setCookie, email, password, code, result, userId, sessionId, currentSessionId, refreshToken, token, currentPassword, newPassword } from './context.ts';
import { createAuth } from '@portcullis/core';
import { createMemoryRepositories } from '@portcullis/adapter-memory';

export const auth = createAuth({
  config: {
    secret: keys.serverSecret, // from deriveKeys(AUTH_SECRET)
    issuer: 'https://example.com', // `iss` of access tokens
    audience: 'https://api.example.com', // `aud` of access tokens
    // First key signs; all verify. Or an asymmetric `key` from generateAccessTokenKey.
    accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: keys.accessTokenSecret }] },
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
