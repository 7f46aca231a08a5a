/** A real `createAuth` over the memory adapter, with a mailbox, for binding tests. */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuthConfigInput, AuthMail } from '@portcullis/core';
import { createAuth } from '@portcullis/core';

export const APP_ORIGIN = 'https://app.example.com';
export const PASSWORD = 'correct horse battery staple';

export function testAuth(config: Partial<AuthConfigInput> = {}) {
  const mailbox: AuthMail[] = [];
  const auth = createAuth({
    config: {
      secret: 'binding-test-server-secret-of-32-bytes-plus',
      issuer: 'https://auth.test',
      audience: 'https://api.test',
      accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(3) }] },
      password: { argon2: { memoryKiB: 256, iterations: 1, parallelism: 1 } },
      ...config,
    },
    repos: createMemoryRepositories(),
    mailer: {
      async send(mail) {
        mailbox.push(mail);
      },
    },
  });
  /** The latest verification code mailed to `email`. */
  function codeFor(email: string): string {
    const mail = mailbox
      .filter((item) => item.to === email && item.type === 'email_verification_code')
      .at(-1);
    if (mail?.type !== 'email_verification_code') throw new Error(`no code for ${email}`);
    return mail.code;
  }
  return { auth, mailbox, codeFor };
}
